// Live events on the bridge socket: the page subscribes per event, the bridge acknowledges and then pushes.
// An event counts as live from its acknowledgement until the socket closes; a new socket subscribes again.
import {
  isLiveEvent,
  parseLivePayload,
  type BridgeSubscribe,
  type BridgeUnsubscribe,
  type LiveEvent,
} from '../../../shared/live';
import type { LiveLink } from './linkStatus';

/** A push or an acknowledgement from the bridge, or null for anything else (a reply, garbage). */
export function parseLiveMessage(
  data: string,
): { kind: 'subscribed'; event: LiveEvent } | { kind: 'push'; event: LiveEvent; payload: unknown } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const m = parsed as { subscribed?: unknown; event?: unknown; payload?: unknown };
  if (isLiveEvent(m.subscribed)) return { kind: 'subscribed', event: m.subscribed };
  if (isLiveEvent(m.event) && 'payload' in m) return { kind: 'push', event: m.event, payload: m.payload };
  return null;
}

export class BridgeLive implements LiveLink {
  private readonly listeners = new Map<LiveEvent, Set<(payload: unknown) => void>>();
  private readonly acked = new Set<LiveEvent>();
  private readonly changes = new Set<() => void>();
  private open = false;

  /** `send` writes one message on the open socket. */
  constructor(private readonly send: (message: BridgeSubscribe | BridgeUnsubscribe) => void) {}

  subscribe: LiveLink['subscribe'] = (event, listener) => {
    let set = this.listeners.get(event);
    if (!set) {
      this.listeners.set(event, (set = new Set()));
      if (this.open) this.send({ subscribe: event });
    }
    const entry = (payload: unknown) => {
      const parsed = parseLivePayload(event, payload);
      if (parsed) listener(parsed);
    };
    set.add(entry);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      set.delete(entry);
      if (set.size > 0 || this.listeners.get(event) !== set) return;
      this.listeners.delete(event);
      if (this.open) this.send({ unsubscribe: event });
      if (this.acked.delete(event)) this.changed();
    };
  };

  isLive = (event: LiveEvent): boolean => this.open && this.acked.has(event);

  onChange = (listener: () => void): (() => void) => {
    this.changes.add(listener);
    return () => this.changes.delete(listener);
  };

  /** The socket opened: ask again for every event someone follows. */
  opened(): void {
    this.open = true;
    for (const event of this.listeners.keys()) this.send({ subscribe: event });
  }

  /** The socket closed: nothing is live until the next one acknowledges. */
  closed(): void {
    this.open = false;
    const had = this.acked.size > 0;
    this.acked.clear();
    if (had) this.changed();
  }

  /** A message that was not a reply; true when it was a live one. */
  receive(data: string): boolean {
    const message = parseLiveMessage(data);
    if (!message) return false;
    if (message.kind === 'subscribed') {
      if (this.listeners.has(message.event) && !this.acked.has(message.event)) {
        this.acked.add(message.event);
        this.changed();
      }
      return true;
    }
    for (const listener of [...(this.listeners.get(message.event) ?? [])]) listener(message.payload);
    return true;
  }

  private changed(): void {
    for (const listener of [...this.changes]) listener();
  }
}
