// A live link for renderer tests: the test pushes events and takes the link down and up by hand.
import type { LiveEvent, LivePayload } from '../../../shared/live';
import type { LiveLink } from '../api/linkStatus';

export interface FakeLive extends LiveLink {
  push<E extends LiveEvent>(event: E, payload: LivePayload<E>): void;
  /** Up: every followed event is live; down: none is. */
  setUp(up: boolean): void;
  /** Followers of an event now. */
  followers(event: LiveEvent): number;
}

export function fakeLive(up = true): FakeLive {
  const listeners = new Map<LiveEvent, Set<(payload: unknown) => void>>();
  const changes = new Set<() => void>();
  let isUp = up;
  const changed = () => {
    for (const listener of [...changes]) listener();
  };
  return {
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const entry = (payload: unknown) => listener(payload as LivePayload<typeof event>);
      set.add(entry);
      changed();
      return () => {
        set.delete(entry);
        changed();
      };
    },
    isLive: (event) => isUp && (listeners.get(event)?.size ?? 0) > 0,
    onChange(listener) {
      changes.add(listener);
      return () => changes.delete(listener);
    },
    push(event, payload) {
      if (!isUp) return;
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    },
    setUp(next) {
      isUp = next;
      changed();
    },
    followers: (event) => listeners.get(event)?.size ?? 0,
  };
}
