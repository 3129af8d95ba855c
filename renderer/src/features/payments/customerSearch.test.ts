import { describe, expect, it } from 'vitest';
import type { RecordView } from '../../../../shared/recordView';
import { customerSearchInput, fieldPath, formatMinor, paymentSummary } from './customerSearch';

type Bytes = Omit<RecordView['value'], 'size' | 'truncated'>;
const bytes = (b: Bytes): RecordView['value'] => ({ size: 10, truncated: false, ...b });
const view = (value: Bytes, key: Bytes = { kind: 'text', text: 'pay-1' }): RecordView => ({
  topic: 'payments.succeeded',
  partition: 0,
  offset: '4',
  timestamp: 1,
  key: bytes(key),
  value: bytes(value),
  headers: [],
  sizeBytes: 10,
});

describe('find by what the customer says', () => {
  it('builds the JSON path of a field, dotted or odd', () => {
    expect(fieldPath('email')).toBe('$.email');
    expect(fieldPath('customer.email')).toBe('$.customer.email');
    expect(fieldPath('charge id')).toBe('$["charge id"]');
  });

  it('scans the source topic from the start of the window for an exact, quoted value', () => {
    const input = customerSearchInput(
      { sourceTopic: 'payments.succeeded' },
      { field: 'email', value: 'a"b@example.test', windowMs: 3_600_000 },
      10_000_000,
    );
    expect(input).toEqual({
      topic: 'payments.succeeded',
      seek: { mode: 'timestamp', timestamp: 6_400_000 },
      filter: { jsonPath: '$.email = "a\\"b@example.test"' },
      maxResults: 200,
    });
  });

  it('reads amount and customer from the event, in the currency’s own decimals', () => {
    const text = JSON.stringify({
      paymentId: 'pay-9',
      amountMinor: 1250,
      currency: 'EUR',
      customerId: 'c-1',
    });
    expect(paymentSummary(view({ kind: 'json', text }))).toEqual({
      paymentId: 'pay-9',
      amount: '12.50 EUR',
      customer: 'c-1',
    });
    expect(formatMinor(1250, 'JPY')).toBe('1250 JPY');
    expect(formatMinor(1250, 'XXQ')).toBe('12.50 XXQ');
    // Not JSON: only the key says which payment it is.
    expect(paymentSummary(view({ kind: 'binary', hex: '00' }))).toEqual({
      paymentId: 'pay-1',
      amount: null,
      customer: null,
    });
  });
});
