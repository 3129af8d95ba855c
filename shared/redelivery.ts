// The redelivery domain: a dry-run plan, a job that moves dead letters to their stage, and its progress.
import { z } from 'zod';
import { offsetString, topicNameInput } from './offset';

/** The gate looks at what reached the stage's retry topics and DLQ within this window. */
export const GATE_WINDOW_MS = 60_000;
export const DEFAULT_PAUSE_AFTER_FAILURES = 5;

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
    /** Start although the target stage looks unhealthy or still failing (recorded in the ledger). */
    overrideHealth: z.boolean().default(false),
    /** Why the person overrides the gate: required with overrideHealth when the gate blocks (audited). */
    overrideReason: z.string().trim().max(1000).optional(),
    /** The job pauses itself once more than this many of its records fail again (default DEFAULT_PAUSE_AFTER_FAILURES). */
    pauseAfterFailures: z.number().int().min(1).max(100_000).optional(),
    /** A production profile's name, typed by the person: main refuses the start without it. */
    confirmCluster: z.string().trim().max(100).optional(),
  })
  .strict();

export const redeliveryGateInput = z.object({ dlqTopic: topicNameInput }).strict();

/** An error seen on the stage's retry topics or DLQ in the gate's window, normalised (ids, numbers gone). */
export interface GateError {
  message: string;
  count: number;
}

/**
 * The stage's recent evidence, read from Kafka: what failed in the last window (new records on its retry
 * topics and DLQ) and what it finished last (its outcome topic). `failing` blocks a start unless overridden.
 */
export interface StageEvidence {
  stage: string | null;
  dlqTopic: string;
  windowMs: number;
  checkedAt: number;
  newDeadLetters: number;
  newRetries: number;
  /** Most frequent normalised errors of the records read (a bounded sample of the window's records). */
  errors: GateError[];
  /** How many of the window's records were read for their error (the rest were only counted). */
  sampled: number;
  lastFailureAt: number | null;
  /** The newest record on the stage's outcome topic (null: none, or the stage has no outcome topic). */
  lastOutcomeAt: number | null;
  outcomeTopic: string | null;
  failing: boolean;
  /** "Still failing: 37 new dead letters in the last 60 s (SMTP unavailable)", when failing. */
  problem?: string;
}

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
  'running' | 'confirming' | 'paused' | 'done' | 'cancelled' | 'failed' | 'crashed' | 'unknown';

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
  /** The job pauses itself once more than this many of its records failed again (since the last resume). */
  pauseAfterFailures?: number;
  /** Why the job paused itself: "paused: 6 of 12 moved failed again (SMTP unavailable)". */
  pausedReason?: string;
  startedAt: number;
  finishedAt?: number;
  error?: string;
  /** Why the job stopped, for the UI to branch on: `not-authorized` when the broker refused a write. */
  errorReason?: 'not-authorized';
}
