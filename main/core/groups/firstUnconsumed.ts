// Lag in time per partition: the age of the first record a group has not consumed, read from the record at
// its committed offset; interpolated from log-end samples when that record is gone or unreadable.
import type { PartitionLag } from '../../../shared/groups';
import type { RecordPort, TopicRanges } from '../kafka/recordPort';
import { estimateAppendTime, type LogEndSample } from './lagTime';
import { partitionKey } from './offsetHistory';

export interface WantedRecord {
  topic: string;
  partition: number;
  /** The first unconsumed record's offset. */
  offset: bigint;
  /**
   * The record to read: the one at `offset`, or, when that one is gone (below the log start), the oldest one
   * left, which is newer than it: its age is a floor under the estimate. null when nothing is left.
   */
  readAt: bigint | null;
}

/**
 * The record whose age is the partition's lag in time, or null when there is none to ask about: caught up
 * (lag 0), or no commit in a group that committed elsewhere (its offset lag is null too).
 */
export function wantedRecord(p: PartitionLag, groupHasCommit: boolean): WantedRecord | null {
  const logStart = BigInt(p.logStartOffset);
  const logEnd = BigInt(p.logEndOffset);
  if (p.committedOffset === null) {
    // A group that committed nothing: how old is the oldest record it would start from.
    if (groupHasCommit || logEnd <= logStart) return null;
    return { topic: p.topic, partition: p.partition, offset: logStart, readAt: logStart };
  }
  const committed = BigInt(p.committedOffset);
  if (committed >= logEnd) return null;
  const readAt = committed >= logStart ? committed : logStart < logEnd ? logStart : null;
  return { topic: p.topic, partition: p.partition, offset: committed, readAt };
}

const recordKey = (topic: string, partition: number, offset: bigint | string) =>
  `${partitionKey(topic, partition)}\u0000${offset.toString()}`;

/**
 * Timestamps of the wanted records, by topic, partition and offset: one read of [offset, offset + 1) per
 * partition, values and headers left undecoded. A partition wanted at several offsets (several groups) takes
 * one read per extra offset, all in parallel. A record the read does not return (compacted away, a
 * transaction marker, a failed or slow read) is simply absent: the caller estimates instead.
 */
export async function readRecordTimestamps(
  records: RecordPort,
  wanted: readonly WantedRecord[],
  timeoutMs = 2_000,
): Promise<Map<string, number>> {
  const rounds: Map<string, TopicRanges>[] = [];
  const seen = new Set<string>();
  for (const w of wanted) {
    if (w.readAt === null) continue;
    const offset = w.readAt;
    const key = recordKey(w.topic, w.partition, offset);
    if (seen.has(key)) continue;
    seen.add(key);
    // The first round without this partition yet: a read may not ask for one partition twice.
    let round = rounds.find((r) => !r.get(w.topic)?.ranges.some((x) => x.partition === w.partition));
    if (!round) rounds.push((round = new Map()));
    const ranges = round.get(w.topic) ?? { topic: w.topic, ranges: [] };
    ranges.ranges.push({ partition: w.partition, from: offset.toString(), to: (offset + 1n).toString() });
    round.set(w.topic, ranges);
  }
  const found = new Map<string, number>();
  if (rounds.length === 0) return found;
  // Bounded: lag in time must never hold up the groups view (a reader still connecting counts too).
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve();
    }, timeoutMs);
  });
  const reads = Promise.all(
    rounds.map((round) =>
      records
        .read([...round.values()], {
          projection: () => ({ values: false, headers: [] }),
          signal: abort.signal,
          onBatch: (batch) => {
            if (abort.signal.aborted) return;
            for (const r of batch) found.set(recordKey(r.topic, r.partition, r.offset), r.timestamp);
          },
        })
        .catch(() => undefined),
    ),
  );
  await Promise.race([reads, deadline]);
  clearTimeout(timer);
  // A copy: a read still finishing after the deadline must not change what the caller holds.
  return new Map(found);
}

export interface GroupLagTime {
  partitions: PartitionLag[];
  lagMs: number | null;
  lagMsEstimated: boolean;
}

/** Fills lagMs per partition from read timestamps, else from log-end samples; the group's is the max. */
export function withLagTime(
  partitions: readonly PartitionLag[],
  timestamps: ReadonlyMap<string, number>,
  logEnds: (topic: string, partition: number) => LogEndSample[],
  now: number,
): GroupLagTime {
  const groupHasCommit = partitions.some((p) => p.committedOffset !== null);
  let lagMs: number | null = null;
  let lagMsEstimated = false;
  const out = partitions.map((p): PartitionLag => {
    const wanted = wantedRecord(p, groupHasCommit);
    let age: { lagMs: number | null; lagMsEstimated: boolean };
    if (!wanted) {
      age = { lagMs: p.committedOffset === null ? null : 0, lagMsEstimated: false };
    } else {
      const read =
        wanted.readAt === null
          ? undefined
          : timestamps.get(recordKey(wanted.topic, wanted.partition, wanted.readAt));
      if (read !== undefined && wanted.readAt === wanted.offset)
        age = { lagMs: Math.max(0, now - read), lagMsEstimated: false };
      else {
        // The current observation is the newest sample: a record appended after the last one is bracketed.
        const samples = logEnds(p.topic, p.partition);
        const logEnd = BigInt(p.logEndOffset);
        if ((samples.at(-1)?.at ?? -Infinity) < now) samples.push({ at: now, logEnd });
        const at = estimateAppendTime(samples, wanted.offset);
        const estimate = at === null ? null : Math.max(0, Math.round(now - at));
        // The oldest surviving record is newer than the deleted one: the deleted one is at least as old.
        const floor = read === undefined ? null : Math.max(0, now - read);
        const lagMs = estimate === null ? floor : floor === null ? estimate : Math.max(estimate, floor);
        age = { lagMs, lagMsEstimated: lagMs !== null };
      }
    }
    const counts = groupHasCommit ? p.committedOffset !== null : true;
    if (counts && age.lagMs !== null && (lagMs === null || age.lagMs > lagMs)) {
      lagMs = age.lagMs;
      lagMsEstimated = age.lagMsEstimated;
    }
    return { ...p, ...age };
  });
  return { partitions: out, lagMs, lagMsEstimated };
}
