// The audit domain: every redelivery any console recorded in the ledger, filtered and exported.
import { z } from 'zod';
import { epochMs } from './offset';
import type { RevealAuditEntry } from './privacy';
import type { DlqCoordinates } from './redelivery';

/** redelivered: produced to the target; confirmed: the stage finished it afterwards. */
export const AUDIT_RESULTS = ['redelivered', 'confirmed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const auditListInput = z
  .object({
    who: z.string().max(256).optional(),
    paymentId: z.string().max(512).optional(),
    stage: z.string().max(128).optional(),
    dlqTopic: z.string().max(249).optional(),
    jobId: z.string().max(64).optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    /** Substring over why, paymentId, topics. */
    text: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type AuditQuery = z.output<typeof auditListInput>;

export const auditExportInput = auditListInput
  .extend({
    format: z.enum(['csv', 'json']),
    /** What to export: the redeliveries (default) or the reads of personal data (reveals). */
    of: z.enum(['redeliveries', 'reveals']).default('redeliveries'),
  })
  .strict();

/** One redelivered dead letter as the audit log shows it. */
export interface AuditEntry {
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
  result: AuditResult;
  confirmedAt?: number;
  /** Recorded by a later job on behalf of one that crashed after producing. */
  recovered?: boolean;
  /** Why the person started the job despite the health gate. */
  healthOverride?: string;
}

/** A decision about the redelivery gate: an override with the person's reason, a job's self-pause, a resume. */
export interface GateAuditEntry {
  event: 'override' | 'pause' | 'resume';
  eventId: string;
  jobId: string;
  who: string;
  at: number;
  dlqTopic: string;
  reason: string;
  evidence: string;
}

/** A write the broker refused (its ACLs said no), as the audit log shows it. */
export interface RefusalAuditEntry {
  refusalId: string;
  who: string;
  at: number;
  /** The redelivery job that was stopped, if it was one. */
  jobId: string | null;
  /** What was refused, e.g. "write to `payments.succeeded.receipts.redelivery`". */
  action: string;
  /** The broker's error: TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED or CLUSTER_AUTHORIZATION_FAILED. */
  brokerError: string;
  message: string;
  /** ledger: written to the team-wide ledger; console: the ledger refused too, so only this console keeps it (for this run). */
  recordedIn: 'ledger' | 'console';
}

export interface AuditList {
  entries: AuditEntry[];
  total: number;
  truncated: boolean;
  /** Reads of personal data (reveals) matching the same who/time/text filters, newest first. */
  reveals: RevealAuditEntry[];
  /** Gate overrides, self-pauses and resumes matching the who/time/text/job/DLQ filters, newest first. */
  gateEvents: GateAuditEntry[];
  /** Writes the broker refused, matching the same who/time/text filters, newest first. */
  refusals: RefusalAuditEntry[];
}

export interface AuditExport {
  format: 'csv' | 'json';
  fileName: string;
  content: string;
  count: number;
}
