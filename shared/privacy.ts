// The privacy domain: revealing one record's personal data, for a stated reason, for a few minutes, audited.
import { z } from 'zod';
import { offsetString, topicNameInput } from './offset';
import type { RecordView } from './recordView';

/** How long a revealed record stays on screen before the console shows it masked again. */
export const REVEAL_DURATION_MS = 5 * 60_000;

export const revealInput = z
  .object({
    topic: topicNameInput,
    partition: z.number().int().nonnegative(),
    offset: offsetString,
    reason: z
      .string({ error: 'Say why you need to see this personal data: it goes into the audit log' })
      .trim()
      .min(
        5,
        'Say why you need to see this personal data (at least 5 characters): it goes into the audit log',
      )
      .max(500, 'Keep the reason under 500 characters'),
  })
  .strict();

export interface RecordCoordinates {
  topic: string;
  partition: number;
  offset: string;
}

/** One audited read of personal data, as the audit log shows it. */
export interface RevealAuditEntry {
  revealId: string;
  who: string;
  /** Epoch ms of the reveal. */
  at: number;
  reason: string;
  record: RecordCoordinates;
  /** Epoch ms when the console stops showing the plain record. */
  expiresAt: number;
}

/** The record unmasked (its whole value), with the audit entry that was written before it was returned. */
export interface RevealedRecord {
  record: RecordView;
  audit: RevealAuditEntry;
}
