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
  /** How often this event was already redelivered (provenance header), 0 if never. */
  redeliveryCount: number;
  /** This DLQ record's entry in the redelivery ledger, when someone already redelivered it. */
  ledger?: DlqLedgerMark;
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
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
