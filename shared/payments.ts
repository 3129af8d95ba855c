// The payments domain: stuck payments over a window, and one payment's timeline across the pipeline.
import { z } from 'zod';
import { epochMs } from './offset';
import type { RecordView } from './recordView';

export const STAGE_STATES = ['done', 'pending', 'late', 'retrying', 'dead-lettered', 'redelivered'] as const;
export type StageState = (typeof STAGE_STATES)[number];

export interface StageStatus {
  stage: string;
  state: StageState;
  /** Why: the DLQ error message, the retry tier, or what proved completion. */
  reason?: string;
  /** Epoch ms of the evidence (DLQ time, retry time, redelivery time), when there is one. */
  at?: number;
  /** Retrying: when the stage tries the payment next (the retry tier's due time). */
  nextAttemptAt?: number;
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
  /** How the answer was reached and what it cost. */
  engine?: StuckEngineInfo;
}

export interface StuckEngineInfo {
  /** 'evidence': lag regions and failure chain only; 'full-read': every record of the window. */
  mode: 'evidence' | 'full-read';
  /** True when a kept view only read what arrived since its last answer. */
  refresh?: boolean;
  recordsRead?: number;
  /** Key and value bytes of the records read. */
  bytesRead?: number;
  /** Not-done events the view holds in memory. */
  notDoneHeld?: number;
  /** How often a failure-chain payment's source event was not where its headers said, and was searched for. */
  sourceSearches?: number;
  /** The bounds this answer was read under. */
  limits?: { maxRecords: number; maxBytes: number };
}

export const stuckPaymentsInput = z
  .object({
    /** Window of source event times (epoch ms); defaults: the last hour. */
    from: epochMs.optional(),
    to: epochMs.optional(),
    /**
     * Without `from`: the window spans this long back from its end (ms). A page that asks for "the last hour"
     * this way keeps one query (and cache key) while the window moves with time.
     */
    windowMs: z
      .number()
      .int()
      .min(1)
      .max(366 * 24 * 60 * 60_000)
      .optional(),
    stage: z.string().min(1).optional(),
    state: z.enum(STAGE_STATES).optional(),
    minAgeMs: z.number().int().nonnegative().optional(),
    maxAgeMs: z.number().int().nonnegative().optional(),
    /** Include payments whose every stage is done (normally hidden). */
    includeDone: z.boolean().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
    /** Bounds on what one answer may read (defaults in STUCK_READ_BOUNDS); raise them for a larger window. */
    maxRecords: z.number().int().min(1).max(1_000_000_000).optional(),
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 ** 3)
      .optional(),
  })
  .strict();
export const STUCK_READ_BOUNDS = { maxRecords: 20_000_000, maxBytes: 4 * 1024 ** 3 } as const;
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
