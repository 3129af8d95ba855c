import { describe, expect, it } from 'vitest';
import { STUCK_READ_BOUNDS } from '../../../../shared/payments';
import { defaultFilters, raisedReadScale, readBoundsOf, stuckPaymentsQuery } from './paymentFilters';

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

  it('raises the read bounds ten times at a time, up to the channel limits, and asks with them', () => {
    expect(readBoundsOf(1)).toEqual(STUCK_READ_BOUNDS);
    expect(raisedReadScale(1)).toBe(10);
    const raised = stuckPaymentsQuery({ ...defaultFilters, readScale: 10 });
    expect(raised.ok && raised.input).toMatchObject({ maxRecords: 200_000_000, maxBytes: 40 * 1024 ** 3 });
    // 1,000 times: both at the channel's limits, nothing further to offer.
    expect(readBoundsOf(1000)).toEqual({ maxRecords: 1_000_000_000, maxBytes: 64 * 1024 ** 3 });
    expect(raisedReadScale(1000)).toBeNull();
    const plain = stuckPaymentsQuery(defaultFilters);
    expect(plain.ok && plain.input).not.toHaveProperty('maxRecords');
  });
});
