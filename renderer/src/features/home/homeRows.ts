// What the home page says, as pure functions: the headline, each stage's oldest stuck payment, the chart's
// rows and the navigation badges.
import {
  HEALTH_STATUSES,
  type HealthHistory,
  type HealthStatus,
  type PipelineHealth,
  type StageHealth,
} from '../../../../shared/groups';
import type { StageState, StuckPaymentsResult } from '../../../../shared/payments';
import { formatClock, formatDuration } from '../../format/time';

/** The colour follows the status, never the size of a number. */
export const statusTone: Record<HealthStatus, string> = {
  OK: 'tone-ok',
  WARN: 'tone-pending',
  STALL: 'tone-problem',
  STOP: 'tone-problem',
  ERR: 'tone-problem',
};

export const statusWords: Record<HealthStatus, string> = {
  OK: 'consuming normally',
  WARN: 'falling behind or holding records back',
  STALL: 'consumer not moving',
  STOP: 'nobody consuming',
  ERR: 'failing',
};

export const needsAttention = (stage: Pick<StageHealth, 'status'>) => stage.status !== 'OK';

/** "Is anything wrong, where, since when" in one line. */
export function headline(health: PipelineHealth, now: number): string {
  if (health.at === null) return 'Waiting for the first sample of the pipeline…';
  const bad = health.stages.filter(needsAttention);
  if (bad.length === 0) return `All ${health.stages.length} stages OK`;
  const parts = bad.map((s) => {
    const since = s.since === null ? '' : ` since ${formatClock(s.since)} (${formatDuration(now - s.since)})`;
    return `${s.stage} ${s.status}${since}`;
  });
  return `${bad.length} of ${health.stages.length} stage${health.stages.length === 1 ? '' : 's'} need${bad.length === 1 ? 's' : ''} attention: ${parts.join(', ')}`;
}

/** States a person has to look at: late, retrying or dead-lettered (pending within its SLA is normal). */
const stuckStates: ReadonlySet<StageState> = new Set(['late', 'retrying', 'dead-lettered']);

export interface OldestStuck {
  paymentId: string;
  ageMs: number;
  state: StageState;
  /** Stuck payments at this stage in the window (from the counts, not only the listed rows). */
  count: number;
}

/** Per stage, its oldest stuck payment among the listed rows (which come oldest first). */
export function oldestStuckByStage(result: StuckPaymentsResult | undefined): Map<string, OldestStuck> {
  const out = new Map<string, OldestStuck>();
  if (!result) return out;
  for (const row of result.rows)
    for (const s of row.stages)
      if (stuckStates.has(s.state) && !out.has(s.stage)) {
        const counts = result.counts[s.stage];
        const count = counts ? [...stuckStates].reduce((sum, state) => sum + (counts[state] ?? 0), 0) : 0;
        out.set(s.stage, { paymentId: row.paymentId, ageMs: row.ageMs, state: s.state, count });
      }
  return out;
}

export interface ChartRow {
  at: number;
  /** `lag:<stage>`, `dead:<stage>` and (when sampled) `stuck:<stage>` per stage that has a point at this time. */
  [series: string]: number;
}

/**
 * One row per sample time, with lag, dead-letter and stuck-payment columns per stage (stuck only where it was
 * sampled: the line has a gap where nobody computed stuck payments); stages that stayed at 0 are left out.
 */
export function chartRows(history: HealthHistory | undefined): { rows: ChartRow[]; stages: string[] } {
  if (!history) return { rows: [], stages: [] };
  const byAt = new Map<number, ChartRow>();
  const active = new Set<string>();
  for (const p of history.points) {
    const row = byAt.get(p.at) ?? { at: p.at };
    row[`lag:${p.stage}`] = p.lag;
    row[`dead:${p.stage}`] = p.deadLetters;
    if (p.stuck !== null) row[`stuck:${p.stage}`] = p.stuck;
    byAt.set(p.at, row);
    if (p.lag > 0 || p.deadLetters > 0 || (p.stuck ?? 0) > 0) active.add(p.stage);
  }
  const order = [...new Set(history.points.map((p) => p.stage))];
  return {
    rows: [...byAt.values()].sort((a, b) => a.at - b.at),
    stages: order.filter((s) => active.has(s)),
  };
}

/** Badges for the navigation: stages not OK (home) and outstanding dead letters. */
export function navBadges(health: PipelineHealth | undefined): {
  home: { count: number; status: HealthStatus } | null;
  deadLetters: number;
} {
  if (!health || health.at === null) return { home: null, deadLetters: 0 };
  const bad = health.stages.filter(needsAttention);
  const worst = bad.reduce<HealthStatus>(
    (w, s) => (HEALTH_STATUSES.indexOf(s.status) > HEALTH_STATUSES.indexOf(w) ? s.status : w),
    'OK',
  );
  return {
    home: bad.length === 0 ? null : { count: bad.length, status: worst },
    deadLetters: health.stages.reduce((sum, s) => sum + s.deadLetters, 0),
  };
}

const minute = 60_000;
const tickSteps = [
  minute,
  2 * minute,
  5 * minute,
  10 * minute,
  15 * minute,
  30 * minute,
  60 * minute,
  2 * 60 * minute,
  4 * 60 * minute,
];

/** Six or fewer evenly spaced, round time ticks across the range (whole minutes or hours). */
export function timeTicks(from: number, to: number): number[] {
  const span = Math.max(0, to - from);
  const step = tickSteps.find((s) => span / s <= 6) ?? tickSteps.at(-1)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}
