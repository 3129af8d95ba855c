// Groups a consumer group's partition rows by topic, with each topic's lag summed exactly.
import type { PartitionLag } from '../../../../shared/groups';
import { sumOffsets } from '../../format/offsets';

export interface TopicSection {
  topic: string;
  partitions: PartitionLag[];
  /** Sum of lags with a commit; null when no partition of the topic has one. */
  lag: string | null;
  uncommitted: number;
  deletedBeforeRead: number;
}

export function partitionSections(partitions: readonly PartitionLag[]): TopicSection[] {
  const byTopic = new Map<string, PartitionLag[]>();
  for (const row of partitions) {
    const rows = byTopic.get(row.topic) ?? [];
    rows.push(row);
    byTopic.set(row.topic, rows);
  }
  return [...byTopic.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, rows]) => {
      const sorted = [...rows].sort((a, b) => a.partition - b.partition);
      return {
        topic,
        partitions: sorted,
        lag: sumOffsets(sorted.map((row) => row.lag)),
        uncommitted: sorted.filter((row) => row.committedOffset === null).length,
        deletedBeforeRead: sorted.filter((row) => row.committedBelowLogStart).length,
      };
    });
}

export function memberLabel(row: PartitionLag): string | null {
  if (!row.clientId && !row.host) return null;
  return [row.clientId, row.host].filter(Boolean).join(' @ ');
}
