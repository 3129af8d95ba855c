// Domain types and input schemas of the support workflows (issue 5): stuck payments, payment lookup,
// DLQ triage, browse, redelivery jobs and the audit log. contract.ts maps channel names onto these.
import { z } from 'zod';
import type { RecordView } from './recordView';
import type { MapProblem, PipelineMap } from './pipelineMap';

export type { RecordView } from './recordView';

// ---- stuck payments and lookup ---------------------------------------------------------------

export const STAGE_STATES = ['done', 'pending', 'late', 'retrying', 'dead-lettered', 'redelivered'] as const;
export type StageState = (typeof STAGE_STATES)[number];

export interface StageStatus {
  stage: string;
  state: StageState;
  /** Why: the DLQ error message, the retry tier, or what proved completion. */
  reason?: string;
  /** Epoch ms of the evidence (DLQ time, retry time, redelivery time), when there is one. */
  at?: number;
}

export interface StuckPaymentRow {
  paymentId: string;
  ceId: string | null;
  partition: number;
  offset: string;
  /** Epoch ms of the source event. */
  eventTime: number;
  ageMs: number;
  stages: StageStatus[];
}

export interface StuckPaymentsResult {
  from: number;
  to: number;
  /** Source events in the window. */
  events: number;
  /** Events with at least one stage not done. */
  stuck: number;
  /** Per stage, how many events are in each state (over the whole window, not only listed rows). */
  counts: Record<string, Record<StageState, number>>;
  /** Rows matching the filters, oldest first, at most `limit`. */
  rows: StuckPaymentRow[];
  /** Rows matching the filters, including those beyond `limit`. */
  matched: number;
  truncated: boolean;
  elapsedMs: number;
}

const epochMs = z.number().int().nonnegative();

export const stuckPaymentsInput = z
  .object({
    /** Window of source event times (epoch ms); defaults: the last hour. */
    from: epochMs.optional(),
    to: epochMs.optional(),
    stage: z.string().min(1).optional(),
    state: z.enum(STAGE_STATES).optional(),
    minAgeMs: z.number().int().nonnegative().optional(),
    maxAgeMs: z.number().int().nonnegative().optional(),
    /** Include payments whose every stage is done (normally hidden). */
    includeDone: z.boolean().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
  })
  .strict();
export type StuckPaymentsQuery = z.output<typeof stuckPaymentsInput>;

export type TimelineKind = 'source' | 'retry' | 'dlq' | 'redelivery' | 'outcome';

export interface TimelineEntry {
  kind: TimelineKind;
  /** The stage the topic belongs to; absent for the source topic. */
  stage?: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  ceId: string | null;
  /** DLQ/retry error message, when the record carries one. */
  error?: string;
  record: RecordView;
}

export interface PaymentLookup {
  paymentId: string;
  /** True when the correlation key is the Kafka key, so only one partition per topic was read. */
  partitionLookup: boolean;
  /** What was read: one partition per topic with the partitioner lookup. */
  partitionsRead: { topic: string; partition: number }[];
  timeline: TimelineEntry[];
  /** Each stage's state for the payment's (latest) source event; empty when no source event was found. */
  stages: StageStatus[];
}

export const findPaymentInput = z
  .object({
    paymentId: z.string().trim().min(1, 'Enter a payment id').max(512),
    /** Only read records from this time on (epoch ms); the whole retained log when omitted. */
    since: epochMs.optional(),
  })
  .strict();

// ---- map ---------------------------------------------------------------------------------------

export interface PipelineMapView {
  map: PipelineMap;
  source: 'file' | 'default' | 'memory';
  path: string | null;
  /** Problems of the map file when it is invalid (the console then keeps the map it had). */
  problems?: MapProblem[];
}

export interface MapValidation {
  ok: boolean;
  problems: MapProblem[];
}

export const validateMapInput = z.object({ text: z.string().max(1_000_000) }).strict();

// ---- DLQ triage --------------------------------------------------------------------------------

export type DeadLetterFormatName = 'spring-dlt' | 'spring-retry-topic' | 'kafka-connect' | 'eventdesk' | 'none';

export interface DlqTopicSummary {
  topic: string;
  /** The stage whose DLQ this is, per the pipeline map; absent for a foreign DLQ. */
  stage?: string;
  /** How the topic was found: named in the map, records carrying dead-letter headers, or its name alone. */
  detectedBy: 'map' | 'headers' | 'name';
  partitions: number;
  /** Sum over partitions of high watermark - log start (decimal string). */
  messages: string;
  /** Header formats seen in the sampled records. */
  formats: DeadLetterFormatName[];
  exists: boolean;
}

export interface DlqRecordSummary {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  paymentId: string | null;
  ceId: string | null;
  format: DeadLetterFormatName;
  fingerprint: string;
  exceptionClass: string | null;
  message: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  attempts: number | null;
  /** How often this event was already redelivered (provenance header), 0 if never. */
  redeliveryCount: number;
  /** This DLQ record's entry in the redelivery ledger, when someone already redelivered it. */
  ledger?: { result: 'redelivered' | 'confirmed'; at: number; who: string; jobId: string; targetTopic: string };
  /** Missing or garbled headers, in words; the record is listed anyway. */
  problems: string[];
}

export interface DlqErrorGroup {
  fingerprint: string;
  exceptionClass: string | null;
  /** One message of the group as it was, before normalisation. */
  sampleMessage: string | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
  formats: DeadLetterFormatName[];
  /** True for the group of records whose headers are missing or garbled. */
  headersProblem: boolean;
  /** Up to 20 payment ids of the group. */
  samplePaymentIds: string[];
}

export interface DlqGroupsResult {
  topic: string;
  scanned: number;
  /** True when only the newest `maxRecords` were read. */
  partial: boolean;
  groups: DlqErrorGroup[];
}

export interface DlqRecordsResult {
  topic: string;
  scanned: number;
  records: DlqRecordSummary[];
  truncated: boolean;
}

export const dlqGroupsInput = z
  .object({
    topic: z.string().min(1).max(249),
    /** Read at most this many of the newest records (default 100,000). */
    maxRecords: z.number().int().min(1).max(5_000_000).optional(),
  })
  .strict();

export const dlqRecordsInput = z
  .object({
    topic: z.string().min(1).max(249),
    fingerprint: z.string().min(1).max(128).optional(),
    paymentId: z.string().min(1).max(512).optional(),
    maxRecords: z.number().int().min(1).max(5_000_000).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

// ---- browse --------------------------------------------------------------------------------------

const offsetString = z.string().regex(/^\d+$/, 'expected an offset: a non-negative whole number');

export const browseInput = z
  .object({
    topic: z.string().min(1).max(249),
    /** One partition, or every partition when omitted. */
    partition: z.number().int().nonnegative().optional(),
    seek: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('oldest') }).strict(),
      /** The newest `count` records of each partition. */
      z.object({ mode: z.literal('newest'), count: z.number().int().min(1).max(1_000_000).default(100) }).strict(),
      z.object({ mode: z.literal('offset'), offset: offsetString }).strict(),
      z.object({ mode: z.literal('timestamp'), timestamp: z.number().int().nonnegative() }).strict(),
    ]),
    filter: z
      .object({
        key: z.string().min(1).max(1024).optional(),
        value: z.string().min(1).max(1024).optional(),
        /** Matches a header's key or its value. */
        header: z.string().min(1).max(1024).optional(),
        /** e.g. `$.customerId = "c-42"` */
        jsonPath: z.string().min(1).max(1024).optional(),
      })
      .strict()
      .default({}),
    /** Stop after this many records scanned (the scan ends at the high watermark taken at start anyway). */
    maxScan: z.number().int().min(1).optional(),
    /** Keep at most this many matches (default 500); counting goes on. */
    maxResults: z.number().int().min(1).max(5000).optional(),
  })
  .strict();
export type BrowseRequest = z.output<typeof browseInput>;

export type ScanState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ScanProgress {
  scanId: string;
  topic: string;
  state: ScanState;
  scanned: number;
  matched: number;
  /** Records the scan will read in total (the seek range), for a progress bar. */
  total: string;
  /** Next offset to read, per partition. */
  positions: { partition: number; next: string; end: string }[];
  /** Matches from `after` on (the caller keeps a cursor), each with its sequence number. */
  results: { seq: number; record: RecordView }[];
  /** Matches kept (at most maxResults); later matches are only counted. */
  kept: number;
  elapsedMs: number;
  error?: string;
}

export const scanProgressInput = z
  .object({
    scanId: z.string().min(1).max(64),
    /** Return results with seq > after (default: all kept results). */
    after: z.number().int().min(-1).optional(),
  })
  .strict();

export const scanCancelInput = z.object({ scanId: z.string().min(1).max(64) }).strict();

export const recordGetInput = z
  .object({
    topic: z.string().min(1).max(249),
    partition: z.number().int().nonnegative(),
    offset: offsetString,
  })
  .strict();

// ---- redelivery and audit -----------------------------------------------------------------------

export interface DlqCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** The result entry of one redelivered DLQ record in the ledger topic (what the audit view lists). */
export interface LedgerRedelivery {
  type: 'redelivery';
  redeliveryId: string;
  jobId: string;
  who: string;
  /** Epoch ms when the record was produced to the target. */
  at: number;
  why: string;
  dlq: DlqCoordinates;
  paymentId: string | null;
  ceId: string | null;
  stage: string | null;
  targetTopic: string;
  targetPartition: number;
  targetOffset: string | null;
  redeliveryCount: number;
  /** redelivered: produced to the target; confirmed: the stage finished it afterwards. */
  result: 'redelivered' | 'confirmed';
  confirmedAt?: number;
  /** True when a later job found the record in the target after its first job crashed, and recorded it. */
  recovered?: boolean;
  /** Set when a person started the job despite the health gate. */
  healthOverride?: string;
}

export const redeliverySelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('records'),
      records: z.array(z.object({ partition: z.number().int().nonnegative(), offset: offsetString }).strict()).min(1).max(100_000),
    })
    .strict(),
  z.object({ kind: z.literal('payment'), paymentId: z.string().min(1).max(512) }).strict(),
  z.object({ kind: z.literal('group'), fingerprint: z.string().min(1).max(128) }).strict(),
]);
export type RedeliverySelection = z.output<typeof redeliverySelection>;

/** The job as written to the ledger when it starts, so any console can resume it after a crash. */
export interface LedgerJobDefinition {
  type: 'job';
  jobId: string;
  who: string;
  at: number;
  why: string;
  dlqTopic: string;
  selection: RedeliverySelection;
  ratePerSecond: number;
  confirmTopic?: string;
  overrideHealth?: boolean;
}

export const redeliveryPlanInput = z
  .object({
    dlqTopic: z.string().min(1).max(249),
    selection: redeliverySelection,
  })
  .strict();

export const redeliveryStartInput = redeliveryPlanInput
  .extend({
    why: z.string().trim().min(3, 'Say why you redeliver (at least 3 characters): it goes into the audit log').max(1000),
    ratePerSecond: z.number().min(0.1).max(5000).default(50),
    /** Required for a DLQ with no stage in the map: the original topic, typed out by the person. */
    confirmTopic: z.string().min(1).max(249).optional(),
    /** Start although the target stage looks unhealthy (recorded in the ledger). */
    overrideHealth: z.boolean().default(false),
  })
  .strict();

export const redeliveryJobInput = z.object({ jobId: z.string().min(1).max(64) }).strict();

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
  targets: RedeliveryTarget[];
  groups: { fingerprint: string; exceptionClass: string | null; sampleMessage: string | null; count: number }[];
  /** Reasons the job would be refused as planned (health, missing confirmation); empty when it may start. */
  refusals: string[];
  /** The first 100 items, for the preview table. */
  preview: RedeliveryPlanItem[];
}

/** unknown: written to the ledger by a console that is not this one (or before a restart); it can be resumed. */
export type RedeliveryJobState = 'running' | 'confirming' | 'done' | 'cancelled' | 'failed' | 'crashed' | 'unknown';

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
  /** Moved (by this or an earlier attempt) and then seen completed by the stage. */
  confirmed: number;
  /** Items that cannot be confirmed (no outcome topic and no known consumer group). */
  unconfirmable: number;
  startedAt: number;
  finishedAt?: number;
  error?: string;
}

export const auditListInput = z
  .object({
    who: z.string().max(256).optional(),
    paymentId: z.string().max(512).optional(),
    stage: z.string().max(128).optional(),
    dlqTopic: z.string().max(249).optional(),
    jobId: z.string().max(64).optional(),
    result: z.enum(['redelivered', 'confirmed']).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    /** Substring over why, paymentId, topics. */
    text: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type AuditQuery = z.output<typeof auditListInput>;

export const auditExportInput = auditListInput.extend({ format: z.enum(['csv', 'json']) }).strict();

export interface AuditList {
  entries: LedgerRedelivery[];
  total: number;
  truncated: boolean;
}

export interface AuditExport {
  format: 'csv' | 'json';
  fileName: string;
  content: string;
  count: number;
}
