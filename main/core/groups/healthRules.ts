// Burrow's consumer-lag evaluation over a sliding window of offset samples, and the stage's status on top of
// it. Pure functions over recorded samples: no Kafka, no clock, so every rule is tested on a series.
import { HEALTH_STATUSES, type HealthStatus } from '../../../shared/groups';

/** One sample of one partition: the group's committed offset and the log end at the same moment. */
export interface OffsetSample {
  at: number;
  committed: bigint | null;
  logEnd: bigint;
}

export interface Verdict {
  status: HealthStatus;
  reason: string;
}

export interface PartitionContext {
  /** A live member of the group is assigned this partition (it is the one expected to commit). */
  owned: boolean;
  /** The group has members (not Empty or Dead). */
  groupActive: boolean;
  /** Fewer samples than this in the window: too early to judge a stall. */
  minSamples: number;
  /** The window's full length: growth is judged only over a full window. */
  windowSamples: number;
}

const rank = (status: HealthStatus) => HEALTH_STATUSES.indexOf(status);

export function worseOf(a: HealthStatus, b: HealthStatus): HealthStatus {
  return rank(b) > rank(a) ? b : a;
}

/** Worst first; among equals, the order given. */
export function byWorst<T extends { status: HealthStatus }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => rank(b.status) - rank(a.status));
}

const lagOf = (s: OffsetSample): bigint | null =>
  s.committed === null ? null : s.logEnd > s.committed ? s.logEnd - s.committed : 0n;

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

const ok = (reason: string): Verdict => ({ status: 'OK', reason });

/**
 * One partition over its window (oldest first). The rules, in order:
 * no lag now → OK; lag while the group has no members → ERR; any sample in the window without lag → OK
 * (Burrow's first rule: a consumer that caught up once in the window keeps up); committed offset unchanged
 * over the whole window while lagging → STALL when a member owns the partition, STOP when nobody does
 * (nobody commits it); committed moving but lag up at every sample of a full window → WARN; otherwise OK.
 */
export function evaluatePartition(window: readonly OffsetSample[], context: PartitionContext): Verdict {
  const last = window.at(-1);
  if (!last) return ok('no samples yet');
  const lastLag = lagOf(last);
  if (lastLag === null) return ok('no committed offset');
  if (lastLag === 0n) return ok('caught up');
  if (!context.groupActive) return { status: 'ERR', reason: `group has no members, lag ${lastLag}` };

  const committed = window.filter((s) => s.committed !== null);
  if (committed.some((s) => lagOf(s) === 0n)) return ok('caught up within the window');
  if (committed.length < context.minSamples) return ok('too few samples to judge');

  const first = committed[0]!;
  const span = seconds(last.at - first.at);
  if (committed.every((s) => s.committed === first.committed)) {
    return context.owned
      ? {
          status: 'STALL',
          reason: `committed offset ${first.committed} has not moved for ${span}, lag ${lastLag}`,
        }
      : {
          status: 'STOP',
          reason: `no member commits this partition (no progress for ${span}), lag ${lastLag}`,
        };
  }
  // Growth must be steady to count: lag up at every sample of a full window. Under normal traffic lag
  // wobbles by a few records and sometimes rises for a few samples in a row; that is no incident.
  let rising = committed.length >= context.windowSamples;
  for (let i = 1; rising && i < committed.length; i++)
    if (lagOf(committed[i]!)! <= lagOf(committed[i - 1]!)!) rising = false;
  if (rising) return { status: 'WARN', reason: `lag grew from ${lagOf(first)!} to ${lastLag} in ${span}` };
  return ok('consuming');
}

export interface StageFacts {
  /** The worst partition of the stage's group, or null when the group does not exist. */
  group: Verdict | null;
  /** Records of the group's lag that sit in the stage's retry topics. */
  retryWaiting: bigint;
  /** Outstanding dead letters now, and how many of them arrived within the window. */
  deadLetters: number;
  newDeadLetters: number;
  windowMs: number;
}

/**
 * The stage takes the worst of its group and of what it holds back: records waiting in retry are lag
 * (WARN at least), dead letters waiting for a person are WARN, and dead letters still arriving within the
 * window are ERR (the stage is failing payments now). Reasons come worst first.
 */
export function evaluateStage(facts: StageFacts): { status: HealthStatus; reasons: string[] } {
  const verdicts: Verdict[] = [];
  if (facts.group && facts.group.status !== 'OK') verdicts.push(facts.group);
  if (facts.newDeadLetters > 0)
    verdicts.push({
      status: 'ERR',
      reason: `${facts.newDeadLetters} new dead letter${facts.newDeadLetters === 1 ? '' : 's'} in the last ${seconds(facts.windowMs)}`,
    });
  if (facts.deadLetters > 0)
    verdicts.push({
      status: 'WARN',
      reason: `${facts.deadLetters} dead letter${facts.deadLetters === 1 ? '' : 's'} not redelivered`,
    });
  if (facts.retryWaiting > 0n)
    verdicts.push({
      status: 'WARN',
      reason: `${facts.retryWaiting} record${facts.retryWaiting === 1n ? '' : 's'} waiting in retry`,
    });
  const sorted = byWorst(verdicts);
  return {
    status: sorted.reduce<HealthStatus>((worst, v) => worseOf(worst, v.status), 'OK'),
    reasons: sorted.map((v) => v.reason),
  };
}
