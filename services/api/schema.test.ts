import { describe, expect, it } from 'vitest';
import { createPaymentSchema } from './schema';

const valid = {
  customerId: 'c-42',
  amountMinor: 1250,
  currency: 'EUR',
  email: 'c-42@example.test',
  cardNumber: '4242424242424242',
};

describe('createPaymentSchema', () => {
  it('accepts ordinary customer ids', () => {
    for (const customerId of ['c-42', 'cust_9f8e.eu', 'Müller-4', 'acme:team/7'])
      expect(createPaymentSchema.safeParse({ ...valid, customerId }).success).toBe(true);
  });

  it.each([
    ['a NUL', 'c\u000042'],
    ['an escape sequence', 'c\u001b[2J42'],
    ['a newline', 'c-42\nX-Injected: 1'],
    ['DEL', 'c\u007f42'],
    ['a C1 control', 'c\u008542'],
    ['a zero-width space', 'c\u200b42'],
    ['a right-to-left override', 'c\u202e24'],
    ['markup', '<img src=x onerror=alert(1)>'],
    ['an ampersand entity', 'c&amp;42'],
    ['surrounding spaces', ' c-42 '],
  ])('refuses %s in customerId, naming the field', (_what, customerId) => {
    const parsed = createPaymentSchema.safeParse({ ...valid, customerId });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['customerId']);
    expect(parsed.error?.issues[0]?.message).toMatch(/customerId may not/);
  });
});
