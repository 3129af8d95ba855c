// Follows the live stuck-payments windows pages asked for, while a page listens for changes: every interval it
// brings the kept view up to date (a refresh reads only what arrived since) and tells the pages when the
// not-done set changed. Nobody listening, nothing is read; nothing changed, nothing is pushed.
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import type { Clock } from '../clock';
import type { LivePublisher } from '../live/liveHub';

export type StuckCompute = (query: StuckPaymentsQuery, signal?: AbortSignal) => Promise<StuckPaymentsResult>;

export interface StuckFollower {
  /** A page asked for this query: a live window (no fixed end) is followed from now on. */
  note(query: StuckPaymentsQuery): void;
  /** Windows followed now, by length (tests, diagnostics). */
  windows(): number[];
  stop(): void;
}

const DEFAULT_WINDOW_MS = 60 * 60_000;
/** A window no page asked for in this long is no longer followed. */
const IDLE_MS = 10 * 60_000;
/** Enough rows to tell one not-done set from another; counts cover the rest. */
const FOLLOW_LIMIT = 500;
/**
 * Windows followed at once. The kept views follow one live window per cluster (a window starting earlier
 * starts a new view), so following a second one would rebuild a view every round: the last asked is followed.
 */
const MAX_WINDOWS = 1;

/** The not-done set as the answer shows it: counts per stage and state, and each listed event's states. */
export function notDoneKey(result: StuckPaymentsResult): string {
  const counts = Object.entries(result.counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stage, byState]) => [
      stage,
      Object.entries(byState)
        .filter(([state]) => state !== 'done')
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ]);
  const rows = result.rows.map((r) => [
    r.paymentId,
    r.partition,
    r.offset,
    r.stages.map((s) => [s.stage, s.state, s.reason ?? '', s.at ?? '', s.nextAttemptAt ?? '']),
  ]);
  return JSON.stringify([result.stuck, counts, rows]);
}

/** A live window's length, or null for a query that is not followed (a fixed end, or done payments listed). */
function liveWindowOf(query: StuckPaymentsQuery): number | null {
  if (query.to !== undefined || query.from !== undefined) return null;
  if (query.includeDone === true || query.state === 'done') return null;
  return query.windowMs ?? DEFAULT_WINDOW_MS;
}

export function startStuckFollower(deps: {
  compute: StuckCompute;
  publisher: LivePublisher;
  clock: Clock;
  intervalMs?: number;
}): StuckFollower {
  const intervalMs = deps.intervalMs ?? 5_000;
  /** By window length: when a page last asked, and the last not-done key seen. */
  const windows = new Map<number, { askedAt: number; key: string | null }>();
  const stopping = new AbortController();
  let cancel: (() => void) | null = null;
  let running = false;

  const followOne = async (windowMs: number) => {
    const result = await deps.compute({ windowMs, limit: FOLLOW_LIMIT }, stopping.signal);
    const entry = windows.get(windowMs);
    if (!entry) return;
    const key = notDoneKey(result);
    const changed = entry.key !== null && entry.key !== key;
    entry.key = key;
    if (changed) deps.publisher.publish('payments.stuckChanged', { at: deps.clock.now() });
  };

  const tick = async () => {
    cancel = null;
    if (stopping.signal.aborted || running) return;
    running = true;
    try {
      await round();
    } finally {
      running = false;
    }
    if (!stopping.signal.aborted) cancel = deps.clock.schedule(intervalMs, () => void tick());
  };

  const round = async () => {
    const now = deps.clock.now();
    for (const [windowMs, entry] of windows) if (now - entry.askedAt > IDLE_MS) windows.delete(windowMs);
    if (!deps.publisher.followed('payments.stuckChanged')) {
      // Nobody listens: what was seen goes stale, so the next listener's first round only learns the state.
      for (const entry of windows.values()) entry.key = null;
    } else {
      for (const windowMs of [...windows.keys()]) {
        // A failed round (not connected, a read cut short) keeps the last key; the next round tries again.
        await followOne(windowMs).catch(() => undefined);
        if (stopping.signal.aborted) return;
      }
    }
  };
  cancel = deps.clock.schedule(intervalMs, () => void tick());

  return {
    note(query) {
      const windowMs = liveWindowOf(query);
      if (windowMs === null) return;
      const entry = windows.get(windowMs);
      windows.delete(windowMs);
      windows.set(windowMs, { askedAt: deps.clock.now(), key: entry?.key ?? null });
      while (windows.size > MAX_WINDOWS) windows.delete(windows.keys().next().value!);
      // A new window learns its state soon, so a change right after the page's answer is not missed.
      if (!entry && !running && deps.publisher.followed('payments.stuckChanged')) {
        cancel?.();
        cancel = deps.clock.schedule(0, () => void tick());
      }
    },
    windows: () => [...windows.keys()],
    stop() {
      stopping.abort();
      cancel?.();
    },
  };
}
