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
  /**
   * Lag in time: how old the first unconsumed record is (now minus the timestamp of the record at the
   * committed offset); 0 when caught up. Without a commit it is the age of the oldest available record, but
   * only in a group that committed nothing at all. null when unknown.
   */
  lagMs: number | null;
  /** True when lagMs was interpolated from sampled log-end offsets (the record was deleted or unreadable). */
  lagMsEstimated: boolean;
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

/**
 * Whether a group's lag is going down: caught-up (no lag), draining (consumed faster than produced over the
 * last minute of samples), not-draining (lag but no net progress), unknown (no commit or too few samples).
 */
export type DrainState = 'caught-up' | 'draining' | 'not-draining' | 'unknown';

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
  /** Per topic read, the sum of its partition lags with a commit (null: nothing committed there). */
  topicLag: Record<string, OffsetString | null>;
  /** Sum of partition lags with a commit; null when nothing is committed. */
  totalLag: OffsetString | null;
  /** Max of the partitions' lagMs (over committed partitions; over all when nothing is committed). */
  lagMs: number | null;
  /** True when the partition that sets lagMs was estimated. */
  lagMsEstimated: boolean;
  drain: DrainState;
  /** Total lag divided by the net drain rate (consumed minus produced per ms); only when draining. */
  timeToClearMs: number | null;
  /** Recent total-lag samples, oldest first, for the sparkline. */
  history: LagSample[];
}

export interface GroupDetail extends GroupSummary {
  partitions: PartitionLag[];
}
