// Stuck payments per stage for the health history and the SLA notification, taken from stuck-payments
// answers the console computes anyway (a page asked, or the follower brought a live window up to date); when
// none came for a minute the watcher asks for one itself (backend.ts), so the history has them while nobody looks. Only the last hour unfiltered counts, the window the home
// page shows, so every sample means the same thing.
import type { StageStuck } from '../../../shared/groups';
import type { StageState, StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';

/** States a person has to look at: late, retrying or dead-lettered (pending within its SLA is normal). */
export const STUCK_STATES: readonly StageState[] = ['late', 'retrying', 'dead-lettered'];

const SAMPLED_WINDOW_MS = 60 * 60_000;
/** An answer older than this is not evidence of now: the stage's stuck count is then unknown (null). */
export const STUCK_SAMPLE_FRESH_MS = 2 * 60_000;

export interface StuckSampler {
  /** A stuck-payments answer for `query`; kept when it is the unfiltered last hour. */
  noted(query: StuckPaymentsQuery, result: StuckPaymentsResult): void;
  /** Per stage, its stuck payments as of `at`; null when no answer is fresh enough. */
  at(at: number): ReadonlyMap<string, StageStuck> | null;
  /** When the last kept answer was computed (epoch ms), or null before the first. */
  lastAt(): number | null;
}

/** Whether the answer covers the whole last hour for every stage (no filter narrows its counts or rows). */
export function isSampledQuery(query: StuckPaymentsQuery): boolean {
  return (
    query.from === undefined &&
    query.to === undefined &&
    (query.windowMs ?? SAMPLED_WINDOW_MS) === SAMPLED_WINDOW_MS &&
    query.stage === undefined &&
    query.state === undefined &&
    query.minAgeMs === undefined &&
    query.maxAgeMs === undefined
  );
}

/** Per stage: stuck count over the window, and the age of the oldest listed row stuck there (rows come oldest first). */
export function stuckByStage(result: StuckPaymentsResult): Map<string, StageStuck> {
  const out = new Map<string, StageStuck>();
  for (const [stage, byState] of Object.entries(result.counts)) {
    const count = STUCK_STATES.reduce((sum, state) => sum + (byState[state] ?? 0), 0);
    out.set(stage, { count, oldestAgeMs: null, computedAt: result.to });
  }
  for (const row of result.rows)
    for (const s of row.stages) {
      const held = out.get(s.stage);
      if (held && held.oldestAgeMs === null && STUCK_STATES.includes(s.state)) held.oldestAgeMs = row.ageMs;
    }
  return out;
}

export function createStuckSampler(): StuckSampler {
  let last: Map<string, StageStuck> | null = null;
  let lastAt: number | null = null;
  return {
    lastAt: () => lastAt,
    noted(query, result) {
      if (!isSampledQuery(query)) return;
      last = stuckByStage(result);
      lastAt = result.to;
    },
    at(at) {
      if (!last) return null;
      const out = new Map<string, StageStuck>();
      for (const [stage, s] of last) {
        if (at - s.computedAt > STUCK_SAMPLE_FRESH_MS) return null;
        // A payment stuck then is older now (if it is still stuck, which the next answer tells).
        const since = Math.max(0, at - s.computedAt);
        out.set(stage, { ...s, oldestAgeMs: s.oldestAgeMs === null ? null : s.oldestAgeMs + since });
      }
      return out;
    },
  };
}

/** How stuck payments are computed (the payments domain's compute, seen only through its shape here). */
type StuckCompute = (query: StuckPaymentsQuery, signal?: AbortSignal) => Promise<StuckPaymentsResult>;

/** The same compute, with every answer it gives also shown to the sampler. */
export function sampledStuckCompute(compute: StuckCompute, sampler: StuckSampler): StuckCompute {
  return async (query, signal) => {
    const result = await compute(query, signal);
    sampler.noted(query, result);
    return result;
  };
}
