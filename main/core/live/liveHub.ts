// The live-updates hub: domains publish change notifications, transports subscribe on behalf of their pages.
// Publishing to an event nobody follows costs nothing; a listener that throws is dropped from that one delivery
// and never stops the others or the publisher.
import type { LiveEvent, LivePayload } from '../../../shared/live';

export type LiveListener<E extends LiveEvent> = (payload: LivePayload<E>) => void;

/** What a transport sees: subscribe for one page, with an unsubscribe to call when the page stops or leaves. */
export interface LiveSource {
  subscribe<E extends LiveEvent>(event: E, listener: LiveListener<E>): () => void;
}

/** What a domain sees: publish, and whether anyone follows an event (so work done only for them can stop). */
export interface LivePublisher {
  publish<E extends LiveEvent>(event: E, payload: LivePayload<E>): void;
  followed(event: LiveEvent): boolean;
}

export interface LiveHub extends LiveSource, LivePublisher {
  /** Subscribers of an event (tests, diagnostics). */
  subscribers(event: LiveEvent): number;
  /** Notifications delivered so far, by event. */
  published(): Partial<Record<LiveEvent, number>>;
}

export function createLiveHub(options: { onListenerError?: (error: unknown) => void } = {}): LiveHub {
  const listeners = new Map<LiveEvent, Set<(payload: unknown) => void>>();
  const counts: Partial<Record<LiveEvent, number>> = {};
  return {
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      // A wrapper per subscription: the same function subscribed twice is two subscriptions.
      const entry = (payload: unknown) => listener(payload as LivePayload<typeof event>);
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
      };
    },
    publish(event, payload) {
      const set = listeners.get(event);
      if (!set || set.size === 0) return;
      counts[event] = (counts[event] ?? 0) + 1;
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
    },
    followed: (event) => (listeners.get(event)?.size ?? 0) > 0,
    subscribers: (event) => listeners.get(event)?.size ?? 0,
    published: () => ({ ...counts }),
  };
}

/** Remembers the last key published per item and tells which items changed (new, different or gone). */
export class ChangeTracker<K> {
  private last = new Map<K, string>();
  private primed = false;

  /**
   * The items whose key differs from the previous call's. The first call only learns the state: a page that
   * subscribed fetched it already, so there is nothing to tell.
   */
  changed(current: ReadonlyMap<K, string>): K[] {
    const out: K[] = [];
    if (this.primed) {
      for (const [id, key] of current) if (this.last.get(id) !== key) out.push(id);
      for (const id of this.last.keys()) if (!current.has(id)) out.push(id);
    }
    this.last = new Map(current);
    this.primed = true;
    return out;
  }
}
