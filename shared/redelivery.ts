// The redelivery domain: a dry-run plan, a job that moves dead letters to their stage, and its progress.
import { z } from 'zod';
import { offsetString, topicNameInput } from './offset';

export interface DlqCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** `topic/partition/offset`: one dead letter's key, in maps and in the ledger topic. */
export const coordinatesKey = (c: DlqCoordinates): string => `${c.topic}/${c.partition}/${c.offset}`;

export const redeliverySelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('records'),
      records: z
        .array(z.object({ partition: z.number().int().nonnegative(), offset: offsetString }).strict())
        .min(1)
        .max(100_000),
    })
    .strict(),
  z.object({ kind: z.literal('payment'), paymentId: z.string().min(1).max(512) }).strict(),
  z.object({ kind: z.literal('group'), fingerprint: z.string().min(1).max(128) }).strict(),
]);
export type RedeliverySelection = z.output<typeof redeliverySelection>;

export const redeliveryPlanInput = z
  .object({
    dlqTopic: topicNameInput,
    selection: redeliverySelection,
  })
  .strict();

export const redeliveryStartInput = redeliveryPlanInput
  .extend({
    why: z
      .string()
      .trim()
      .min(3, 'Say why you redeliver (at least 3 characters): it goes into the audit log')
      .max(1000),
    ratePerSecond: z.number().min(0.1).max(5000).default(50),
    /** Required for a DLQ with no stage in the map: the original topic, typed out by the person. */
    confirmTopic: topicNameInput.optional(),
    /** Start although the target stage looks unhealthy (recorded in the ledger). */
    overrideHealth: z.boolean().default(false),
    /** A production profile's name, typed by the person: main refuses the start without it. */
    confirmCluster: z.string().trim().max(100).optional(),
  })
  .strict();

export const redeliveryJobInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const redeliveryResumeInput = redeliveryJobInput
  .extend({ confirmCluster: redeliveryStartInput.shape.confirmCluster })
  .strict();

export interface StageHealth {
  groupId: string;
  state: string;
  members: number;
  /** Total lag samples (oldest first) taken while planning. */
  lagSamples: string[];
  ok: boolean;
  problem?: string;
}

export interface RedeliveryTarget {
  targetTopic: string;
  stage: string | null;
  count: number;
  /** A foreign DLQ: redelivery to its original topic needs the person to type the topic name. */
  requiresConfirmation: boolean;
  health: StageHealth | null;
}

export interface RedeliveryPlanItem {
  dlq: DlqCoordinates;
  paymentId: string | null;
  fingerprint: string;
  targetTopic: string | null;
  /** Why the item is not going to move, if it is not. */
  skip?: 'already-redelivered' | 'loop-guard' | 'no-target';
  redeliveryCount: number;
}

export interface RedeliveryPlan {
  dlqTopic: string;
  stage: string | null;
  selected: number;
  toMove: number;
  alreadyRedelivered: number;
  loopGuarded: number;
  noTarget: number;
  /** Why records are skipped, one sentence per reason with its count ("3 already redelivered and confirmed"). */
  skipReasons: string[];
  targets: RedeliveryTarget[];
  groups: {
    fingerprint: string;
    exceptionClass: string | null;
    sampleMessage: string | null;
    count: number;
  }[];
  /** Reasons the job would be refused as planned (health, missing confirmation); empty when it may start. */
  refusals: string[];
  /** The first 100 items, for the preview table. */
  preview: RedeliveryPlanItem[];
}

/** A redelivered record the stage failed again: back in a retry tier, or in the DLQ for good. */
export interface RedeliveryFailure {
  paymentId: string | null;
  /** The dead letter that was redelivered. */
  dlq: DlqCoordinates;
  /** Where the failed record is now: one of the stage's retry topics, or its DLQ. */
  topic: string;
  at: number;
  error: string | null;
  /** True when it is a dead letter again: the stage will not retry it. */
  final: boolean;
  /** When the stage tries it next (retry tiers only). */
  nextAttemptAt?: number;
}

/** unknown: written to the ledger by a console that is not this one (or before a restart); it can be resumed. */
export type RedeliveryJobState =
  'running' | 'confirming' | 'done' | 'cancelled' | 'failed' | 'crashed' | 'unknown';

export interface RedeliveryJobStatus {
  jobId: string;
  state: RedeliveryJobState;
  who: string;
  why: string;
  dlqTopic: string;
  ratePerSecond: number;
  /** Items selected for this job that are eligible to move (SQS: ApproximateNumberOfMessagesToMove). */
  toMove: number;
  /** Produced to the target by this job. */
  moved: number;
  /** Already redelivered earlier (by anyone), or by a concurrent job: skipped, never duplicated. */
  skipped: number;
  /** Records recorded as redelivered on behalf of a crashed job (found in the target). */
  recovered: number;
  /** Loop guard or no target. */
  refused: number;
  /** Moved or recovered by this job and then seen completed by the stage (never more than those). */
  confirmed: number;
  /** Moved or recovered by this job and seen failing at the stage again (retry tier or DLQ). */
  failedAgain: number;
  /** Moved or recovered by this job, no outcome seen yet: confirmed + failedAgain + waiting + unconfirmable = moved + recovered. */
  waiting: number;
  /** Items that cannot be confirmed (no outcome topic and no known consumer group). */
  unconfirmable: number;
  /** The latest records that failed again, newest first (at most 20), with their error. */
  failures: RedeliveryFailure[];
  startedAt: number;
  finishedAt?: number;
  error?: string;
  /** Why the job stopped, for the UI to branch on: `not-authorized` when the broker refused a write. */
  errorReason?: 'not-authorized';
}
