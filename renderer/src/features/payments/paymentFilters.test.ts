import { describe, expect, it } from 'vitest';
import { defaultFilters, stuckPaymentsQuery } from './paymentFilters';

describe('stuck-payment filters', () => {
  it('turns the window into a rounded start and keeps only the filters that are set', () => {
    const now = 1_700_000_123_456;
    expect(stuckPaymentsQuery(defaultFilters, now)).toEqual({
      ok: true,
      input: { from: 1_699_996_520_000, limit: 500 },
    });
    expect(
      stuckPaymentsQuery(
        { ...defaultFilters, stage: 'receipts', state: 'dead-lettered', minAgeMinutes: '0.5' },
        now,
      ),
    ).toEqual({
      ok: true,
      input: {
        from: 1_699_996_520_000,
        stage: 'receipts',
        state: 'dead-lettered',
        minAgeMs: 30_000,
        limit: 500,
      },
    });
  });

  it('shows done payments when "done" is asked for', () => {
    const query = stuckPaymentsQuery({ ...defaultFilters, state: 'done' }, 1_000_000_000);
    expect(query.ok && query.input.includeDone).toBe(true);
  });

  it('says what a minimum age looks like', () => {
    expect(stuckPaymentsQuery({ ...defaultFilters, minAgeMinutes: 'five' }, 0)).toEqual({
      ok: false,
      minAgeError: 'Minimum age is a number of minutes, e.g. 5 or 0.5.',
    });
  });
});
