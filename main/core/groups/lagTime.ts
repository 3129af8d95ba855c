// Lag in time from sampled offsets, when the record itself cannot tell: when was an offset appended (from
// log-end samples, the interpolation kafka-lag-exporter uses), and how soon a group clears its lag (from
// committed and log-end deltas). Pure: samples in, numbers out.
import type { DrainState } from '../../../shared/groups';

export interface LogEndSample {
  at: number;
  logEnd: bigint;
}

/**
 * When the record at `offset` was appended, from log-end samples oldest first (the current observation last).
 * The record exists once the log end passed it, so it was appended between the last sample with
 * logEnd <= offset and the first with logEnd > offset; linear in between. Older than every sample:
 * extrapolated at the rate over the whole series, or the first sample's time (a lower bound on the age) when
 * nothing was produced meanwhile. null with fewer than two samples and nothing to bracket.
 */
export function estimateAppendTime(samples: readonly LogEndSample[], offset: bigint): number | null {
  const target = offset + 1n;
  const i = samples.findIndex((s) => s.logEnd >= target);
  if (i < 0) return null;
  const after = samples[i]!;
  if (i > 0) {
    const before = samples[i - 1]!;
    // Differences of nearby offsets, not offsets: they fit a double.
    const fraction = Number(target - before.logEnd) / Number(after.logEnd - before.logEnd);
    return before.at + fraction * (after.at - before.at);
  }
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  if (samples.length < 2 || last.at <= first.at) return null;
  const perMs = Number(last.logEnd - first.logEnd) / (last.at - first.at);
  if (perMs <= 0) return first.at;
  return first.at - Number(first.logEnd - target) / perMs;
}

export interface PartitionOffsets {
  committed: bigint;
  logEnd: bigint;
}

export interface GroupOffsetsSample {
  at: number;
  /** Committed partitions by "topic\0partition". */
  partitions: ReadonlyMap<string, PartitionOffsets>;
}

export interface DrainEstimate {
  drain: DrainState;
  timeToClearMs: number | null;
}

/**
 * How soon the group clears `totalLag`: compares the current sample with the oldest one inside the window.
 * The rate is committed-offset progress minus log-end growth (per partition committed in both samples), so a
 * group that merely keeps pace with its producers is not draining.
 */
export function estimateDrain(
  samples: readonly GroupOffsetsSample[],
  current: GroupOffsetsSample,
  totalLag: bigint | null,
  windowMs = 60_000,
): DrainEstimate {
  if (totalLag === null) return { drain: 'unknown', timeToClearMs: null };
  if (totalLag <= 0n) return { drain: 'caught-up', timeToClearMs: null };
  const older = samples.filter((s) => s.at < current.at);
  const base = older.find((s) => s.at >= current.at - windowMs) ?? older.at(-1);
  if (!base) return { drain: 'unknown', timeToClearMs: null };
  let net = 0n;
  let shared = 0;
  for (const [key, now] of current.partitions) {
    const then = base.partitions.get(key);
    if (!then) continue;
    shared += 1;
    net += now.committed - then.committed - (now.logEnd - then.logEnd);
  }
  if (shared === 0) return { drain: 'unknown', timeToClearMs: null };
  if (net <= 0n) return { drain: 'not-draining', timeToClearMs: null };
  const perMs = Number(net) / (current.at - base.at);
  return { drain: 'draining', timeToClearMs: Math.round(Number(totalLag) / perMs) };
}
