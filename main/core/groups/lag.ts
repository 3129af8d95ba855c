// Consumer-group lag, computed exactly as kafka-consumer-groups --describe prints it.
// Offsets stay decimal strings outside and BigInt inside: they exceed 2^53.
import type { PartitionLag } from '../../../shared/groups';
import { toBigInt } from '../records/offsets';
import type { OffsetString } from '../../../shared/offset';

export interface LagInputPartition {
  topic: string;
  partition: number;
  committed: OffsetString | null;
  logStart: OffsetString;
  logEnd: OffsetString;
  member?: { memberId: string; clientId: string; host: string } | null;
}

export interface GroupLag {
  /** Sorted by topic, then partition. */
  partitions: PartitionLag[];
  /** Sum of lag over partitions with a commit; null when no partition has one. */
  totalLag: OffsetString | null;
  /** Per topic, same rule as totalLag. */
  topicLag: Record<string, OffsetString | null>;
  topics: string[];
}

export function computeGroupLag(input: LagInputPartition[]): GroupLag {
  const partitions: PartitionLag[] = [];
  const topicSums = new Map<string, bigint | null>();
  let total: bigint | null = null;

  const sorted = [...input].sort((a, b) =>
    a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1,
  );
  for (const p of sorted) {
    const logStart = toBigInt(p.logStart, 'log start offset');
    const logEnd = toBigInt(p.logEnd, 'log end offset');
    const committed = p.committed === null ? null : toBigInt(p.committed, 'committed offset');
    // Same as Kafka's tool: log end minus committed, even when records below the commit were deleted.
    const lag = committed === null ? null : logEnd - committed;
    if (!topicSums.has(p.topic)) topicSums.set(p.topic, null);
    if (lag !== null) {
      topicSums.set(p.topic, (topicSums.get(p.topic) ?? 0n) + lag);
      total = (total ?? 0n) + lag;
    }
    partitions.push({
      topic: p.topic,
      partition: p.partition,
      committedOffset: committed === null ? null : committed.toString(),
      logStartOffset: logStart.toString(),
      logEndOffset: logEnd.toString(),
      lag: lag === null ? null : lag.toString(),
      committedBelowLogStart: committed !== null && committed < logStart,
      // Lag in time needs the records themselves: filled in by withLagTime.
      lagMs: null,
      lagMsEstimated: false,
      memberId: p.member?.memberId ?? null,
      clientId: p.member?.clientId ?? null,
      host: p.member?.host ?? null,
    });
  }

  const topicLag: Record<string, OffsetString | null> = {};
  for (const [topic, sum] of topicSums) topicLag[topic] = sum === null ? null : sum.toString();
  return {
    partitions,
    totalLag: total === null ? null : total.toString(),
    topicLag,
    topics: [...topicSums.keys()],
  };
}
