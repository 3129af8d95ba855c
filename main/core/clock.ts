// Time as an injected port, so backoff and sampling schedules are unit-tested without real waiting.
export interface Clock {
  now(): number;
  /** Runs `callback` once after `ms`; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(ms, callback) {
    const timer = setTimeout(callback, ms);
    // Background retries and sampling must never keep a process (or a test run) alive on their own.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to; for unit tests. */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  pendingTimers(): number[];
}

export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    schedule(ms, callback) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return () => timers.delete(id);
    },
    pendingTimers: () => [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b),
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await flush();
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = target;
      await flush();
    },
  };
}
