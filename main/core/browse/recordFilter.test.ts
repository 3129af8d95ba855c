import { describe, expect, it } from 'vitest';
import { AppFailure } from '../appFailure';
import { compileBatchPrecheck, compileRecordFilter } from './recordFilter';
import type { KafkaRecord } from '../kafka/recordPort';

const rec = (value: string | null, key = 'k', headers: [string, string][] = []): KafkaRecord => ({
  topic: 't',
  partition: 0,
  offset: '0',
  timestamp: 0,
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: headers.map(([k, v]) => ({ key: k, value: Buffer.from(v) })),
});

describe('record filter', () => {
  it('matches JSON-path equality exactly, also through escapes the byte pre-check cannot see', () => {
    const f = compileRecordFilter({ jsonPath: '$.customerId = "c-42"' });
    expect(f(rec('{"customerId":"c-42"}'))).toBe(true);
    expect(f(rec('{"customerId":"c-\\u0034\\u0032"}'))).toBe(true);
    expect(f(rec('{"customerId":"c-420"}'))).toBe(false);
    expect(f(rec('{"other":"c-42"}'))).toBe(false);
    expect(f(rec('not json c-42'))).toBe(false);
    expect(f(rec(null))).toBe(false);
    expect(compileRecordFilter({ jsonPath: '$.ok = true' })(rec('{"ok":true}'))).toBe(true);
    expect(compileRecordFilter({ jsonPath: '$.n = 1000' })(rec('{"n":1e3}'))).toBe(true);
  });

  it('combines key, value and header substrings', () => {
    const f = compileRecordFilter({ key: 'pay-', value: 'EUR', header: 'receipts' });
    expect(f(rec('{"currency":"EUR"}', 'pay-1', [['stage', 'receipts']]))).toBe(true);
    expect(f(rec('{"currency":"EUR"}', 'pay-1', [['receipts-flag', '']]))).toBe(true);
    expect(f(rec('{"currency":"USD"}', 'pay-1', [['stage', 'receipts']]))).toBe(false);
  });

  it('rejects a bad JSON path with the parser message', () => {
    expect(() => compileRecordFilter({ jsonPath: '$.a = ' })).toThrow(AppFailure);
    expect(() => compileRecordFilter({ jsonPath: '$.a = ' })).toThrow(
      expect.objectContaining({ code: 'invalid_input', reason: 'invalid-filter' }),
    );
  });

  it('rules out a whole batch only when a substring or the JSON literal is missing from its bytes', () => {
    const batch = (text: string) => Buffer.from(text);
    const sub = compileBatchPrecheck({ key: 'pay-', value: 'EUR' })!;
    expect(sub(batch('..pay-7..{"currency":"EUR"}..'))).toBe(true);
    expect(sub(batch('..pay-7..{"currency":"USD"}..'))).toBe(false);
    const json = compileBatchPrecheck({ jsonPath: '$.customerId = "c-42"' })!;
    expect(json(batch('{"customerId":"c-42"}'))).toBe(true);
    // An escape may spell the literal: a batch with a backslash is never ruled out.
    expect(json(batch('{"customerId":"c-\\u0034\\u0032"}'))).toBe(true);
    expect(json(batch('{"customerId":"c-43"}'))).toBe(false);
    expect(compileBatchPrecheck({ jsonPath: '$.n = 1000' })).toBeNull();
    expect(compileBatchPrecheck({})).toBeNull();
    expect(compileBatchPrecheck({ value: '' })).toBeNull();
  });
});
