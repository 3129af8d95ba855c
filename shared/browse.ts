// The browse domain: bounded scans of a topic with filters, their progress, and one record by offset.
import { z } from 'zod';
import { offsetString, topicNameInput } from './offset';
import type { RecordView } from './recordView';

export const browseInput = z
  .object({
    topic: topicNameInput,
    /** One partition, or every partition when omitted. */
    partition: z.number().int().nonnegative().optional(),
    seek: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('oldest') }).strict(),
      /** The newest `count` records of each partition. */
      z
        .object({ mode: z.literal('newest'), count: z.number().int().min(1).max(1_000_000).default(100) })
        .strict(),
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
    /** Stop after this many records scanned (default BROWSE_BOUNDS.maxScan; the scan ends at the high watermark taken at start anyway). */
    maxScan: z.number().int().min(1).max(1_000_000_000).optional(),
    /** Stop after this many key + value bytes scanned (default BROWSE_BOUNDS.maxBytes). */
    maxBytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 ** 3)
      .optional(),
    /** Keep at most this many matches (default 500); counting goes on. */
    maxResults: z.number().int().min(1).max(5000).optional(),
    /** Also show records of aborted transactions, marked aborted (default: committed records only). */
    includeAborted: z.boolean().optional(),
  })
  .strict();
export type BrowseRequest = z.output<typeof browseInput>;

/** Every scan is bounded; a request may raise these. */
export const BROWSE_BOUNDS = { maxScan: 5_000_000, maxBytes: 2 * 1024 ** 3 } as const;

export interface ScanStarted {
  scanId: string;
}

export type ScanState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ScanProgress {
  scanId: string;
  topic: string;
  state: ScanState;
  scanned: number;
  matched: number;
  /** Offsets in the seek range (records, transaction markers, aborted records, compaction gaps). */
  total: string;
  /** Offsets of the range read so far: equals `total` once the scan is done, for a progress bar. */
  covered: string;
  /** Offsets read that held no committed record. */
  skipped: { markers: number; aborted: number };
  /** Next offset to read, per partition. */
  positions: { partition: number; next: string; end: string }[];
  /** Matches from `after` on (the caller keeps a cursor), each with its sequence number. */
  results: { seq: number; record: RecordView }[];
  /** Matches kept (at most maxResults); later matches are only counted. */
  kept: number;
  /** Key + value bytes of the records scanned. */
  scannedBytes: number;
  /** The bounds this scan runs under, and which one stopped it (when one did). */
  limits: { maxScan: number; maxBytes: number };
  stoppedBy?: 'maxScan' | 'maxBytes';
  /** Waiting for an engine slot behind other heavy work: its place in line (1 = next). */
  queued?: number;
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
    topic: topicNameInput,
    partition: z.number().int().nonnegative(),
    offset: offsetString,
  })
  .strict();
