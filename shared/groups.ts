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

/**
 * The group protocol a group runs: "classic" (JoinGroup/SyncGroup) or "consumer", Kafka 4's consumer
 * protocol (KIP-848, `group.protocol=consumer`); other kinds a broker reports (share, streams) as named.
 */
export type GroupProtocol = 'classic' | 'consumer' | (string & {});

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  members: number;
  /** The assignor: the one the members agreed on (classic) or the broker's (consumer protocol, e.g. uniform). */
  protocol: string;
  protocolType: string;
  groupProtocol: GroupProtocol;
  /** Consumer protocol only: the group epoch (bumped by every membership or subscription change). */
  groupEpoch: number | null;
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

export interface TopicAssignment {
  topic: string;
  partitions: number[];
}

export interface GroupMemberDetail {
  memberId: string;
  clientId: string;
  host: string;
  /** Consumer protocol only: the member's epoch (null on classic groups). */
  memberEpoch: number | null;
  assignment: TopicAssignment[];
  /** Consumer protocol only: where the broker is moving the member (differs from `assignment` while reconciling). */
  targetAssignment: TopicAssignment[] | null;
}

export interface GroupDetail extends GroupSummary {
  /** Consumer protocol only: the epoch of the target assignment. */
  assignmentEpoch: number | null;
  memberDetails: GroupMemberDetail[];
  partitions: PartitionLag[];
}

// ---- stage health -----------------------------------------------------------------------------

/** Burrow's statuses, mildest first: the order in which a group takes its worst partition. */
export const HEALTH_STATUSES = ['OK', 'WARN', 'STALL', 'STOP', 'ERR'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** A partition that is not OK, and why. */
export interface PartitionHealth {
  topic: string;
  partition: number;
  status: HealthStatus;
  reason: string;
  lag: OffsetString | null;
}

export interface StageHealth {
  stage: string;
  consumerGroup: string;
  dlqTopic: string;
  status: HealthStatus;
  /** One line per cause, worst first; empty when OK. */
  reasons: string[];
  /** Epoch ms when the stage left OK (null while OK or before the first sample). */
  since: number | null;
  /** Kafka's group state; null when the group does not exist. */
  groupState: GroupState | null;
  members: number;
  /** Records the group has not consumed, over every topic it reads (retry topics included). */
  lag: OffsetString | null;
  lagMs: number | null;
  lagMsEstimated: boolean;
  /** Of `lag`, the records waiting in the stage's retry topics. */
  retryWaiting: OffsetString;
  /** Dead letters in the stage's DLQ that the ledger does not record as redelivered. */
  deadLetters: number;
  /** Partitions that are not OK, worst first. */
  partitions: PartitionHealth[];
  /** Its stuck payments in the last hour, as last computed for a page; null when none was computed lately. */
  stuck: StageStuck | null;
}

/** A stage's stuck payments (late, retrying or dead-lettered) from the last stuck-payments answer. */
export interface StageStuck {
  count: number;
  /** Age of its oldest stuck payment now (its age when computed plus the time since); null when none listed. */
  oldestAgeMs: number | null;
  /** Epoch ms of the stuck-payments answer these come from. */
  computedAt: number;
}

export interface PipelineHealth {
  /** Epoch ms of the sample the statuses come from; null before the first one. */
  at: number | null;
  /** The sliding window the rules look at, in samples and in time. */
  windowSamples: number;
  windowMs: number;
  stages: StageHealth[];
}

/** One stage at one sample time, for the history chart. */
export interface StageHealthPoint {
  at: number;
  stage: string;
  status: HealthStatus;
  lag: number;
  lagMs: number | null;
  retryWaiting: number;
  deadLetters: number;
  /** Stuck payments at the stage (see StageStuck); null when they were not computed around this sample. */
  stuck: number | null;
}

export const HEALTH_RANGES_MS = [15 * 60_000, 60 * 60_000, 6 * 60 * 60_000, 24 * 60 * 60_000] as const;

export const healthHistoryInput = z
  .object({
    rangeMs: z
      .number({ error: 'expected a range in milliseconds' })
      .int()
      .refine((ms) => (HEALTH_RANGES_MS as readonly number[]).includes(ms), {
        message: `expected one of ${HEALTH_RANGES_MS.join(', ')} ms (15 min, 1 h, 6 h, 24 h)`,
      }),
  })
  .strict();

export interface HealthHistory {
  from: number;
  to: number;
  /** Oldest first; at most a few hundred points per stage (longer ranges are thinned). */
  points: StageHealthPoint[];
}
