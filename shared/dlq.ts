// The dlq domain: dead-letter topics, their records grouped by error, and each record's decoded headers.
import { z } from 'zod';
import type { DeadLetterFormat } from './dlqHeaders';
import { topicNameInput } from './offset';

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
  formats: DeadLetterFormat[];
  exists: boolean;
  /** Records the team-wide ledger has no redelivery for (still waiting for a person). */
  outstanding: string;
  /** Records the ledger shows redelivered (pending, confirmed or failed again). */
  handled: string;
}

/**
 * Where one dead letter stands, from the ledger topic and the DLQ itself:
 * outstanding: nobody redelivered it yet; loop-guard: it was redelivered as often as the map allows, so
 * a redelivery would skip it; redelivered: sent back to the stage, its outcome not seen yet; confirmed: the
 * stage finished it; failed-again: its redelivery failed once more and came back as a newer dead letter.
 */
export type DeadLetterStatus = 'outstanding' | 'loop-guard' | 'redelivered' | 'confirmed' | 'failed-again';

/** Handled statuses: a redelivery is recorded for the record. The rest still need a person. */
export const isHandledStatus = (status: DeadLetterStatus): boolean =>
  status === 'redelivered' || status === 'confirmed' || status === 'failed-again';

/** The newer dead letter a redelivered record turned into when it failed again. */
export interface DlqFailedAgain {
  partition: number;
  offset: string;
  timestamp: number;
  exceptionClass: string | null;
  message: string | null;
}

/** What the team-wide ledger recorded about one dead letter. */
export interface DlqLedgerMark {
  result: 'redelivered' | 'confirmed';
  at: number;
  who: string;
  jobId: string;
  targetTopic: string;
}

export interface DlqRecordSummary {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  paymentId: string | null;
  ceId: string | null;
  format: DeadLetterFormat;
  fingerprint: string;
  exceptionClass: string | null;
  message: string | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  attempts: number | null;
  /** The loop-guard count: how often this event was already redelivered (provenance header), 0 if never. */
  redeliveryCount: number;
  /** The dead letter this record is a failed redelivery of (provenance headers), if it is one. */
  redeliveredFrom?: { topic: string; partition: number; offset: string };
  /** Set by the dlq.records channel from the ledger and the DLQ; absent from internal summaries. */
  status?: DeadLetterStatus;
  /** This DLQ record's entry in the redelivery ledger, when someone already redelivered it. */
  ledger?: DlqLedgerMark;
  /** When status is failed-again: the newer dead letter and its error. */
  failedAgain?: DlqFailedAgain;
  /** Missing or garbled headers, in words; the record is listed anyway. */
  problems: string[];
}

export interface DlqErrorGroup {
  fingerprint: string;
  exceptionClass: string | null;
  /** One message of the group as it was, before normalisation. */
  sampleMessage: string | null;
  count: number;
  /** Records of the group nobody redelivered yet (loop-guarded ones included). */
  outstanding: number;
  /** Records of the group the ledger shows redelivered. */
  handled: number;
  /** Outstanding records a redelivery would skip: the loop guard stops them. */
  loopGuarded: number;
  firstSeen: number;
  lastSeen: number;
  formats: DeadLetterFormat[];
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
  /** Handled records left out because only outstanding ones were asked for. */
  handledHidden: number;
}

export const dlqGroupsInput = z
  .object({
    topic: topicNameInput,
    /** Read at most this many of the newest records (default 100,000). */
    maxRecords: z.number().int().min(1).max(5_000_000).optional(),
  })
  .strict();

export const dlqRecordsInput = z
  .object({
    topic: topicNameInput,
    fingerprint: z.string().min(1).max(128).optional(),
    paymentId: z.string().min(1).max(512).optional(),
    maxRecords: z.number().int().min(1).max(5_000_000).optional(),
    /** outstanding: only records not handled yet (outstanding and loop-guarded); all (default): every record. */
    show: z.enum(['outstanding', 'all']).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
