// Per-partition health a support person can read at a glance: leaderless and under-replicated partitions.
import type { TopicPartitionDetail } from '../../../../shared/topics';

export type PartitionHealth = 'ok' | 'under-replicated' | 'no-leader';

export function partitionHealth(partition: TopicPartitionDetail): PartitionHealth {
  if (partition.leader < 0) return 'no-leader';
  return partition.isr.length < partition.replicas.length ? 'under-replicated' : 'ok';
}

export function sortPartitions(partitions: readonly TopicPartitionDetail[]): TopicPartitionDetail[] {
  return [...partitions].sort((a, b) => a.partition - b.partition);
}

export function brokerList(ids: readonly number[]): string {
  return ids.length === 0 ? '—' : ids.join(', ');
}
