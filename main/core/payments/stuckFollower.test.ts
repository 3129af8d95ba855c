import { describe, expect, it } from 'vitest';
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import { createManualClock } from '../clock';
import { createLiveHub } from '../live/liveHub';
import { notDoneKey, startStuckFollower } from './stuckFollower';

const result = (stuckIds: string[], ageMs = 0): StuckPaymentsResult => ({
  from: 0,
  to: 1,
  events: 100,
  stuck: stuckIds.length,
  counts: {
    receipts: {
      done: 100 - stuckIds.length,
      pending: stuckIds.length,
      late: 0,
      retrying: 0,
      'dead-lettered': 0,
      redelivered: 0,
    },
  },
  rows: stuckIds.map((id, i) => ({
    paymentId: id,
    ceId: null,
    partition: 0,
    offset: String(i),
    eventTime: 0,
    ageMs,
    stages: [{ stage: 'receipts', state: 'pending' }],
  })),
  matched: stuckIds.length,
  truncated: false,
  elapsedMs: 1,
});

function setup() {
  const clock = createManualClock();
  const hub = createLiveHub();
  const asked: StuckPaymentsQuery[] = [];
  const state = { stuck: ['p1'], ageMs: 0 };
  const follower = startStuckFollower({
    compute: async (query) => {
      asked.push(query);
      return result(state.stuck, state.ageMs);
    },
    publisher: hub,
    clock,
    intervalMs: 5_000,
  });
  const pushes: number[] = [];
  return {
    clock,
    hub,
    asked,
    state,
    follower,
    pushes,
    listen: () => hub.subscribe('payments.stuckChanged', (p) => pushes.push(p.at)),
  };
}

describe('stuck-payments follower', () => {
  it('reads nothing while no page listens', async () => {
    const { clock, asked, follower } = setup();
    follower.note({ windowMs: 60_000 });
    await clock.advance(20_000);
    expect(asked).toEqual([]);
    follower.stop();
  });

  it('follows the live window a page asked for and pushes only when the not-done set changed', async () => {
    const { clock, asked, state, follower, pushes, listen } = setup();
    listen();
    follower.note({ windowMs: 60_000, stage: 'receipts', limit: 20 });
    // The new window learns its state at once; then one round per interval.
    await clock.advance(0);
    expect(asked).toEqual([{ windowMs: 60_000, limit: 500 }]);
    await clock.advance(5_000);
    // Ages grew, nothing else: no push.
    state.ageMs = 10_000;
    await clock.advance(5_000);
    expect(pushes).toEqual([]);
    state.stuck = ['p1', 'p2'];
    await clock.advance(5_000);
    expect(pushes).toHaveLength(1);
    await clock.advance(5_000);
    expect(pushes).toHaveLength(1);
    state.stuck = ['p2'];
    await clock.advance(5_000);
    expect(pushes).toHaveLength(2);
    follower.stop();
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('does not follow a fixed window or a listing of done payments', () => {
    const { follower } = setup();
    follower.note({ from: 0, to: 1_000 });
    follower.note({ from: 5 });
    follower.note({ includeDone: true });
    follower.note({ state: 'done' });
    expect(follower.windows()).toEqual([]);
    follower.note({});
    expect(follower.windows()).toEqual([3_600_000]);
    follower.stop();
  });

  it('tells a changed not-done set from a moved clock', () => {
    expect(notDoneKey(result(['a'], 0))).toBe(notDoneKey(result(['a'], 99_000)));
    expect(notDoneKey(result(['a']))).not.toBe(notDoneKey(result(['b'])));
  });
});
