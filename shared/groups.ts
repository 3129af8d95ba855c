// The groups domain: consumer groups, their lag per partition and its recent history.
import { z } from 'zod';
import type { OffsetString } from './offset';

export const groupsDescribeInput = z.object({ groupId: z.string().min(1).max(512) }).strict();

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group has never committed an offset for this partition. */
  committedOffset: OffsetString | null;
  logStartOffset: OffsetString;
  logEndOffset: OffsetString;
  /** Log-end minus committed; null when there is no commit. Same definition as kafka-consumer-groups. */
  lag: OffsetString | null;
  /** True when the committed offset fell below the log start (records were deleted before being read). */
  committedBelowLogStart: boolean;
  memberId: string | null;
  clientId: string | null;
  host: string | null;
}

export type GroupState =
  | 'Stable'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Empty'
  | 'Dead'
  | 'Assigning'
  | 'Reconciling'
  | 'Unknown';

export interface LagSample {
  at: number;
  lag: OffsetString;
}

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  members: number;
  protocol: string;
  protocolType: string;
  topics: string[];
  /** Sum of partition lags with a commit; null when nothing is committed. */
  totalLag: OffsetString | null;
  /** Recent total-lag samples, oldest first, for the sparkline. */
  history: LagSample[];
}

export interface GroupDetail extends GroupSummary {
  partitions: PartitionLag[];
}
