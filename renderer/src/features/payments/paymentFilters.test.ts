import { describe, expect, it } from 'vitest';
import { defaultFilters, stuckPaymentsQuery } from './paymentFilters';

describe('stuck-payment filters', () => {
  it('asks for a window ending now (one cache key as time moves) and keeps only the filters that are set', () => {
    expect(stuckPaymentsQuery(defaultFilters)).toEqual({
      ok: true,
      input: { windowMs: 3_600_000, limit: 500 },
    });
    expect(
      stuckPaymentsQuery({
        ...defaultFilters,
        stage: 'receipts',
        state: 'dead-lettered',
        minAgeMinutes: '0.5',
      }),
    ).toEqual({
      ok: true,
      input: {
        windowMs: 3_600_000,
        stage: 'receipts',
        state: 'dead-lettered',
        minAgeMs: 30_000,
        limit: 500,
      },
    });
  });

  it('shows done payments when "done" is asked for', () => {
    const query = stuckPaymentsQuery({ ...defaultFilters, state: 'done' });
    expect(query.ok && query.input.includeDone).toBe(true);
  });

  it('says what a minimum age looks like', () => {
    expect(stuckPaymentsQuery({ ...defaultFilters, minAgeMinutes: 'five' })).toEqual({
      ok: false,
      minAgeError: 'Minimum age is a number of minutes, e.g. 5 or 0.5.',
    });
  });
});
