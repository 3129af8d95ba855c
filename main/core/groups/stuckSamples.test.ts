// Stuck counts for the history come only from unfiltered last-hour answers, per stage, and go stale.
import { describe, expect, it } from 'vitest';
import type { StuckPaymentsResult } from '../../../shared/payments';
import {
  createStuckSampler,
  isSampledQuery,
  sampledStuckCompute,
  STUCK_SAMPLE_FRESH_MS,
} from './stuckSamples';

const zero = { done: 0, pending: 0, late: 0, retrying: 0, 'dead-lettered': 0, redelivered: 0 };
const result: StuckPaymentsResult = {
  from: 0,
  to: 1_000_000,
  events: 10,
  stuck: 4,
  counts: {
    receipts: { ...zero, done: 6, pending: 1, late: 1, retrying: 1, 'dead-lettered': 1 },
    fraud: { ...zero, done: 10 },
  },
  rows: [
    {
      paymentId: 'p1',
      ceId: null,
      partition: 0,
      offset: '1',
      eventTime: 0,
      ageMs: 600_000,
      stages: [{ stage: 'receipts', state: 'pending' }],
    },
    {
      paymentId: 'p2',
      ceId: null,
      partition: 0,
      offset: '2',
      eventTime: 0,
      ageMs: 300_000,
      stages: [{ stage: 'receipts', state: 'retrying' }],
    },
    {
      paymentId: 'p3',
      ceId: null,
      partition: 0,
      offset: '3',
      eventTime: 0,
      ageMs: 100_000,
      stages: [{ stage: 'receipts', state: 'late' }],
    },
  ],
  matched: 3,
  truncated: false,
  elapsedMs: 1,
};

describe('stuck samples', () => {
  it('count late, retrying and dead-lettered per stage, the oldest from the first such row, aged since', async () => {
    const sampler = createStuckSampler();
    expect(sampler.at(1_000_000)).toBeNull();
    const compute = sampledStuckCompute(async () => result, sampler);
    await compute({ windowMs: 3_600_000, limit: 500 });
    expect(Object.fromEntries(sampler.at(1_005_000)!)).toEqual({
      // Pending within its SLA is not stuck: p1 is not the oldest stuck one, p2 is.
      receipts: { count: 3, oldestAgeMs: 305_000, computedAt: 1_000_000 },
      fraud: { count: 0, oldestAgeMs: null, computedAt: 1_000_000 },
    });
    expect(sampler.at(1_000_000 + STUCK_SAMPLE_FRESH_MS + 1)).toBeNull();
  });

  it('ignore answers narrowed by a filter or another window', async () => {
    for (const query of [
      { stage: 'receipts' },
      { state: 'late' as const },
      { windowMs: 60_000 },
      { from: 1 },
      { minAgeMs: 5 },
    ])
      expect(isSampledQuery(query), JSON.stringify(query)).toBe(false);
    expect(isSampledQuery({})).toBe(true);
    const sampler = createStuckSampler();
    await sampledStuckCompute(async () => result, sampler)({ stage: 'receipts' });
    expect(sampler.at(1_000_000)).toBeNull();
  });
});
