// A PartitionLag row with sensible defaults, for tests of this feature.
import type { PartitionLag } from '../../../../shared/groups';

export const partitionRow = (
  topic: string,
  partition: number,
  over: Partial<PartitionLag> = {},
): PartitionLag => ({
  topic,
  partition,
  committedOffset: '10',
  logStartOffset: '0',
  logEndOffset: '15',
  lag: '5',
  committedBelowLogStart: false,
  lagMs: 60_000,
  lagMsEstimated: false,
  memberId: null,
  clientId: null,
  host: null,
  ...over,
});
