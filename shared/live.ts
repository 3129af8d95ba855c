// Live updates: the change notifications main pushes to a page that subscribed, instead of the page polling.
// Each event names what changed, never the data itself: the page refetches the affected channels, so every
// answer still goes through the handlers (and their masking). One table, like the channel table.
import { z } from 'zod';
import { epochMs } from './offset';

export const liveEvents = {
  /** A lag sample changed some consumer groups' lag, state or members (ids of those groups). */
  'groups.changed': z.object({ at: epochMs, groups: z.array(z.string()) }).strict(),
  /** A stage's health verdict or its figures (lag, retry waiting, dead letters) changed (names of those stages). */
  'health.changed': z.object({ at: epochMs, stages: z.array(z.string()) }).strict(),
  /** A followed stuck-payments window's not-done set changed (events in or out, or a stage state moved). */
  'payments.stuckChanged': z.object({ at: epochMs }).strict(),
  /** A redelivery job of this console moved records, changed state or confirmed some. */
  'redelivery.jobProgress': z
    .object({ at: epochMs, jobId: z.string(), state: z.string(), moved: z.number().int() })
    .strict(),
} as const;

export type LiveEvent = keyof typeof liveEvents;
export type LivePayload<E extends LiveEvent> = z.output<(typeof liveEvents)[E]>;

export const liveEventNames = Object.keys(liveEvents) as LiveEvent[];

export function isLiveEvent(name: unknown): name is LiveEvent {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(liveEvents, name);
}

/** A pushed payload, checked against its event's schema; null when it does not fit. */
export function parseLivePayload<E extends LiveEvent>(event: E, payload: unknown): LivePayload<E> | null {
  const parsed = liveEvents[event].safeParse(payload);
  return parsed.success ? (parsed.data as LivePayload<E>) : null;
}

/** Bridge wire format, on the same socket as requests: the page asks for an event, or stops. */
export interface BridgeSubscribe {
  subscribe: LiveEvent;
}
export interface BridgeUnsubscribe {
  unsubscribe: LiveEvent;
}
/** The bridge's answer to a subscribe: from now on this socket gets the event. */
export interface BridgeSubscribed {
  subscribed: LiveEvent;
}
/** A server-initiated message: one event and its payload. */
export interface BridgePush<E extends LiveEvent = LiveEvent> {
  event: E;
  payload: LivePayload<E>;
}

/** Electron IPC messages (sent, never invoked): the page subscribes and unsubscribes, main pushes. */
export const IPC_LIVE_SUBSCRIBE = 'eventdesk:live:subscribe';
export const IPC_LIVE_UNSUBSCRIBE = 'eventdesk:live:unsubscribe';
export const IPC_LIVE_EVENT = 'eventdesk:live:event';
