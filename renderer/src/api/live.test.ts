// Live invalidation: a push makes the followed channels stale (observed queries refetch), the link coming back
// refetches once, and polling slows to the safety interval only while the event is live.
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../shared/groups';
import { fakeLive } from '../test/fakeLive';
import { fakeTransport } from '../test/fakeTransport';
import { channelQueryOptions } from './channelQuery';
import { followLive, LIVE_SAFETY_MS, livePolling } from './live';
import { createQueryClient } from './queryClient';

const settle = () => new Promise((r) => setTimeout(r, 0));

function observed() {
  const live = fakeLive();
  const transport = fakeTransport(
    {
      'groups.list': async () => [] as GroupSummary[],
      'groups.health': async () => ({ at: null, windowSamples: 10, windowMs: 0, stages: [] }),
    },
    { live },
  );
  const client = createQueryClient();
  const groups = new QueryObserver(client, channelQueryOptions(transport, 'groups.list', {}));
  const health = new QueryObserver(client, channelQueryOptions(transport, 'groups.health', {}));
  const stops = [groups.subscribe(() => undefined), health.subscribe(() => undefined)];
  return { live, transport, client, stop: () => stops.forEach((s) => s()) };
}

describe('followLive', () => {
  it('refetches the followed channels on a push, and only those', async () => {
    const { live, transport, client, stop } = observed();
    await settle();
    expect(transport.count('groups.list')).toBe(1);
    const unfollow = followLive(live, client, 'groups.changed', ['groups.list']);
    expect(live.followers('groups.changed')).toBe(1);
    live.push('groups.changed', { at: 1, groups: ['receipts'] });
    await settle();
    expect(transport.count('groups.list')).toBe(2);
    expect(transport.count('groups.health')).toBe(1);
    live.push('health.changed', { at: 1, stages: [] });
    await settle();
    expect(transport.count('groups.list')).toBe(2);
    unfollow();
    expect(live.followers('groups.changed')).toBe(0);
    live.push('groups.changed', { at: 2, groups: [] });
    await settle();
    expect(transport.count('groups.list')).toBe(2);
    stop();
  });

  it('refetches once when the link comes back after it was lost', async () => {
    const { live, transport, client, stop } = observed();
    await settle();
    const unfollow = followLive(live, client, 'groups.changed', ['groups.list']);
    live.setUp(false);
    await settle();
    expect(transport.count('groups.list')).toBe(1);
    live.setUp(true);
    await settle();
    expect(transport.count('groups.list')).toBe(2);
    unfollow();
    stop();
  });
});

describe('livePolling', () => {
  it('keeps a view’s own interval while not live, and at least the safety interval while live', () => {
    expect(livePolling(false, 2_000)).toBe(2_000);
    expect(livePolling(true, 2_000)).toBe(LIVE_SAFETY_MS);
    expect(livePolling(true, 60_000)).toBe(60_000);
    expect(livePolling(true, false)).toBe(false);
    const own = (q: { active: boolean }) => (q.active ? 500 : false);
    expect(livePolling(true, own)({ active: true })).toBe(LIVE_SAFETY_MS);
    expect(livePolling(true, own)({ active: false })).toBe(false);
    expect(livePolling(false, own)({ active: true })).toBe(500);
  });
});
