// Builds window.eventdesk: one frozen function per contract channel, `cancel` for abandoning one request, `on`
// for following one live event, and nothing else (no generic invoke, no ipcRenderer, no IPC event objects).
// Pure, so a unit test can prove the exposed surface.
import { channels, type Channel, type EventdeskApi } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { isLiveEvent, type LiveEvent } from '../../shared/live';

export type InvokeChannel = (
  channel: Channel,
  input: unknown,
  requestId?: string,
) => Promise<Result<unknown>>;
export type CancelRequest = (requestId: string) => void;

/** The preload's side of live events: tell main to start or stop, and hear the pushes (name, payload). */
export interface LiveIpc {
  subscribe(event: LiveEvent): void;
  unsubscribe(event: LiveEvent): void;
  /** Registers the one listener for every push; called once, on the first `on`. */
  onPush(listener: (event: unknown, payload: unknown) => void): void;
}

/** Request ids the page makes (crypto.randomUUID()); anything else is not passed on. */
const requestIdPattern = /^[\w-]{1,64}$/;
const validId = (id: unknown): id is string => typeof id === 'string' && requestIdPattern.test(id);

const noLive: LiveIpc = { subscribe: () => undefined, unsubscribe: () => undefined, onPush: () => undefined };

export function buildEventdeskApi(
  invoke: InvokeChannel,
  cancel: CancelRequest = () => undefined,
  live: LiveIpc = noLive,
): EventdeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    // A missing input is sent as {} so parameterless channels can be called as api['cluster.status']().
    api[channel] = (input: unknown, requestId?: unknown) =>
      invoke(channel, input ?? {}, validId(requestId) ? requestId : undefined);
  }
  api.cancel = (requestId: unknown) => {
    if (validId(requestId)) cancel(requestId);
  };
  // The page's callbacks by event; main is asked for an event once, and told to stop when the last one leaves.
  const callbacks = new Map<LiveEvent, Set<(payload: unknown) => void>>();
  let listening = false;
  api.on = (event: unknown, callback: unknown) => {
    if (!isLiveEvent(event) || typeof callback !== 'function') return () => undefined;
    if (!listening) {
      listening = true;
      live.onPush((name, payload) => {
        if (!isLiveEvent(name)) return;
        for (const cb of [...(callbacks.get(name) ?? [])]) cb(payload);
      });
    }
    // A wrapper per call: the same function following twice is two followers, each with its own stop.
    const entry = (payload: unknown) => (callback as (payload: unknown) => void)(payload);
    let set = callbacks.get(event);
    if (!set) {
      callbacks.set(event, (set = new Set()));
      live.subscribe(event);
    }
    set.add(entry);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      set.delete(entry);
      if (set.size === 0 && callbacks.get(event) === set) {
        callbacks.delete(event);
        live.unsubscribe(event);
      }
    };
  };
  return Object.freeze(api) as unknown as EventdeskApi;
}
