// Per-partition offset samples behind lag in time: log-end offsets per topic partition (shared by every
// group reading it) for interpolating when an offset was appended, and each group's committed offsets for
// its drain rate. Recorded with the total-lag samples, kept in main like them.
import type { GroupOffsetsSample, LogEndSample, PartitionOffsets } from './lagTime';

export interface SampledPartition {
  topic: string;
  partition: number;
  committed: bigint | null;
  logEnd: bigint;
}

export interface OffsetHistory {
  record(groupId: string, at: number, partitions: readonly SampledPartition[]): void;
  /** Oldest first; a copy. */
  logEnds(topic: string, partition: number): LogEndSample[];
  /** Oldest first; a copy. */
  committed(groupId: string): GroupOffsetsSample[];
  /** Forgets groups that no longer exist, and partitions none of the kept groups read. */
  retainOnly(groupIds: Iterable<string>): void;
}

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export function groupOffsetsSample(at: number, partitions: readonly SampledPartition[]): GroupOffsetsSample {
  const committed = new Map<string, PartitionOffsets>();
  for (const p of partitions)
    if (p.committed !== null)
      committed.set(partitionKey(p.topic, p.partition), { committed: p.committed, logEnd: p.logEnd });
  return { at, partitions: committed };
}

/**
 * logEndCapacity samples per partition reach back 10 minutes at the watcher's 5 s while a partition is
 * busy; an idle partition keeps only the first and last sample of a flat run, so it reaches back further.
 * committedCapacity covers the drain window.
 */
export function createOffsetHistory(logEndCapacity = 120, committedCapacity = 24): OffsetHistory {
  const logEnds = new Map<string, LogEndSample[]>();
  const committed = new Map<string, GroupOffsetsSample[]>();
  const readers = new Map<string, Set<string>>();

  const recordLogEnd = (key: string, at: number, logEnd: bigint) => {
    let ring = logEnds.get(key) ?? [];
    const last = ring.at(-1);
    if (last && at <= last.at) return;
    // A log end that went back means the topic was recreated: its old samples describe other records.
    if (last && logEnd < last.logEnd) ring = [];
    const beforeLast = ring.at(-2);
    if (last && beforeLast && last.logEnd === logEnd && beforeLast.logEnd === logEnd) ring.pop();
    ring.push({ at, logEnd });
    if (ring.length > logEndCapacity) ring.splice(0, ring.length - logEndCapacity);
    logEnds.set(key, ring);
  };

  return {
    record(groupId, at, partitions) {
      const keys = new Set<string>();
      for (const p of partitions) {
        const key = partitionKey(p.topic, p.partition);
        keys.add(key);
        recordLogEnd(key, at, p.logEnd);
      }
      readers.set(groupId, keys);
      const ring = committed.get(groupId) ?? [];
      ring.push(groupOffsetsSample(at, partitions));
      if (ring.length > committedCapacity) ring.splice(0, ring.length - committedCapacity);
      committed.set(groupId, ring);
    },
    logEnds: (topic, partition) => [...(logEnds.get(partitionKey(topic, partition)) ?? [])],
    committed: (groupId) => [...(committed.get(groupId) ?? [])],
    retainOnly(groupIds) {
      const keep = new Set(groupIds);
      for (const id of [...committed.keys(), ...readers.keys()])
        if (!keep.has(id)) {
          committed.delete(id);
          readers.delete(id);
        }
      const read = new Set([...readers.values()].flatMap((keys) => [...keys]));
      for (const key of logEnds.keys()) if (!read.has(key)) logEnds.delete(key);
    },
  };
}
