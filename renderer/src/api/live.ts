// Live updates in the views: when main pushes an event, the channels it affects are refetched, and while the
// event is live those queries poll only now and then, as a safety net. When the link is down (the bridge
// socket reconnecting) they poll as they always did, and refetch once when it is back.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { Channel } from '../../../shared/contract';
import type { LiveEvent } from '../../../shared/live';
import { channelFilter } from './channelQuery';
import type { LiveLink } from './linkStatus';
import { useTransport } from './TransportProvider';

/** How often a live view still asks, in case a push was lost. */
export const LIVE_SAFETY_MS = 30_000;

/** Marks the channels stale; views showing them refetch, and a fetch already under way is not cut short. */
function refetch(client: QueryClient, channels: readonly Channel[]): void {
  for (const channel of channels)
    void client.invalidateQueries(channelFilter(channel), { cancelRefetch: false });
}

/**
 * Follows `event` for `channels`: each push makes them stale, and so does the link coming back after it was
 * lost (pushes may have been missed meanwhile). Returns the stop.
 */
export function followLive(
  live: LiveLink,
  client: QueryClient,
  event: LiveEvent,
  channels: readonly Channel[],
): () => void {
  let wasLive = live.isLive(event);
  let lost = false;
  const stopChanges = live.onChange(() => {
    const now = live.isLive(event);
    if (wasLive && !now) lost = true;
    if (!wasLive && now && lost) {
      lost = false;
      refetch(client, channels);
    }
    wasLive = now;
  });
  const stopEvent = live.subscribe(event, () => refetch(client, channels));
  return () => {
    stopEvent();
    stopChanges();
  };
}

type OwnInterval = number | false | undefined;

/** The polling interval for a view: its own while not live, at least the safety interval while live. */
export function livePolling(isLive: boolean, own: number | false): number | false;
export function livePolling<Q>(isLive: boolean, own: (query: Q) => OwnInterval): (query: Q) => OwnInterval;
export function livePolling<Q>(
  isLive: boolean,
  own: number | false | ((query: Q) => OwnInterval),
): number | false | ((query: Q) => OwnInterval) {
  const slow = (interval: OwnInterval) =>
    !isLive || interval === false || interval === undefined ? interval : Math.max(interval, LIVE_SAFETY_MS);
  if (typeof own !== 'function') return slow(own) as number | false;
  return (query: Q) => slow(own(query));
}

/** Follows `event` while the calling view is mounted; true while it is live (poll slowly then). */
export function useLiveInvalidation(event: LiveEvent, channels: readonly Channel[]): boolean {
  const { live } = useTransport();
  const client = useQueryClient();
  const key = channels.join(',');
  useEffect(() => followLive(live, client, event, key.split(',') as Channel[]), [live, client, event, key]);
  return useSyncExternalStore(
    live.onChange,
    () => live.isLive(event),
    () => live.isLive(event),
  );
}
