import { describe, expect, it } from 'vitest';
import { matchesJsonPath, parseJsonPathEquality } from './jsonPathFilter';

function parse(text: string) {
  const r = parseJsonPathEquality(text);
  if (!r.ok) throw new Error(r.error);
  return r.filter;
}

describe('JSON-path equality filter', () => {
  it('parses fields, indexes, quoted names and literals', () => {
    expect(parse('$.customerId = "c-42"')).toMatchObject({
      path: [{ kind: 'field', name: 'customerId' }],
      expected: 'c-42',
    });
    expect(parse('$.items[1]["odd key"] == 7.5').path).toEqual([
      { kind: 'field', name: 'items' },
      { kind: 'index', index: 1 },
      { kind: 'field', name: 'odd key' },
    ]);
    expect(parse('$.a=true').expected).toBe(true);
    expect(parse('$.a = null').expected).toBe(null);
    expect(parse('$.a = "say \\"hi\\""').expected).toBe('say "hi"');
  });

  it('matches strictly, without coercion', () => {
    const doc = { customerId: 'c-42', amountMinor: 1999, items: [{ sku: 'x' }], nested: { ok: true } };
    expect(matchesJsonPath(doc, parse('$.customerId = "c-42"'))).toBe(true);
    expect(matchesJsonPath(doc, parse('$.amountMinor = 1999'))).toBe(true);
    expect(matchesJsonPath(doc, parse('$.amountMinor = "1999"'))).toBe(false);
    expect(matchesJsonPath(doc, parse('$.items[0].sku = "x"'))).toBe(true);
    expect(matchesJsonPath(doc, parse('$.items[3].sku = "x"'))).toBe(false);
    expect(matchesJsonPath(doc, parse('$.nested.ok = true'))).toBe(true);
    expect(matchesJsonPath('text', parse('$.a = 1'))).toBe(false);
  });

  it.each([
    ['customerId = "c"', 'at position 1: expected "$"'],
    ['$.customerId "c"', 'at position 14: expected "=" followed by a value'],
    ['$.customerId = c-42', 'at position 16: expected a value'],
    ['$.a = "open', 'expected a closing double quote'],
    ['$.items[x] = 1', 'expected an array index or a quoted field name'],
    ['$ = 1', 'expected a field after "$"'],
    ['$.a = 1 extra', 'at position 9: expected the end of the filter'],
  ])('rejects %s with a clear error', (text, message) => {
    const r = parseJsonPathEquality(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
