import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './audit';
import type { LedgerRedelivery } from '../redelivery/ledger';

describe('audit CSV export', () => {
  it('quotes commas, quotes and newlines, and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
  });

  it('writes one row per redelivery with offsets as text', () => {
    const entry: LedgerRedelivery = {
      type: 'redelivery',
      redeliveryId: 'r1',
      jobId: 'j1',
      who: 'ana',
      at: 0,
      why: 'SMTP back, resend',
      dlq: { topic: 'd', partition: 1, offset: '9007199254740993' },
      paymentId: 'pay-1',
      ceId: 'ce-1',
      stage: 'receipts',
      targetTopic: 't',
      targetPartition: 0,
      targetOffset: '12',
      redeliveryCount: 1,
      result: 'confirmed',
      confirmedAt: 1000,
    };
    const csv = toCsv([entry]).split('\r\n');
    expect(csv[0]).toMatch(/^at,who,why,result,/);
    expect(csv[1]).toContain(',9007199254740993,');
    expect(csv[1]).toContain('"SMTP back, resend"');
  });
});
