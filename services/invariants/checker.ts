// Jepsen-style checks over what the outside world recorded: the SMTP sink's mailbox, the cashback ledger
// and the card processor's charge ledger. Never the services' own logs or counters.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Charge } from '../processor/server';
import type { MailboxView } from '../sandbox/smtpSink';
import { CASHBACK_DB_FILE } from '../stages/cashback';

export interface ReceiptReport {
  /** Payments without any receipt in the mailbox. */
  missing: string[];
  /** Payments the recipient saw more than once (distinct Message-IDs). */
  duplicatedInMailbox: string[];
  /** SMTP transactions beyond one per payment (resends collapsed by Message-ID). */
  extraTransmissions: number;
  /** Receipts for payments nobody made. */
  unexpected: string[];
}

export function checkReceipts(mailbox: MailboxView, paymentIds: readonly string[]): ReceiptReport {
  const expected = new Set(paymentIds);
  const delivered = new Map<string, number>();
  for (const mail of mailbox.delivered)
    if (mail.paymentId) delivered.set(mail.paymentId, (delivered.get(mail.paymentId) ?? 0) + 1);
  const transmissions = mailbox.received.filter((m) => m.paymentId && expected.has(m.paymentId)).length;
  const deliveredExpected = paymentIds.filter((id) => delivered.has(id)).length;
  return {
    missing: paymentIds.filter((id) => !delivered.has(id)),
    duplicatedInMailbox: [...delivered].filter(([, n]) => n > 1).map(([id]) => id),
    extraTransmissions: transmissions - deliveredExpected,
    unexpected: [...delivered.keys()].filter((id) => !expected.has(id)),
  };
}

export interface CashbackRow {
  payment_id: string;
  credit_minor: number;
}

/** Reads the cashback stage's ledger file directly (read-only; the stage may still be running). */
export function readCashbackLedger(stageDataDir: string): CashbackRow[] {
  const db = new Database(join(stageDataDir, CASHBACK_DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], CashbackRow>('SELECT payment_id, credit_minor FROM cashback_ledger').all();
  } finally {
    db.close();
  }
}

export interface LedgerReport {
  missing: string[];
  creditedTwice: string[];
}

export function checkCashback(rows: readonly CashbackRow[], paymentIds: readonly string[]): LedgerReport {
  const credits = new Map<string, number>();
  for (const row of rows) credits.set(row.payment_id, (credits.get(row.payment_id) ?? 0) + 1);
  return {
    missing: paymentIds.filter((id) => !credits.has(id)),
    creditedTwice: [...credits].filter(([, n]) => n > 1).map(([id]) => id),
  };
}

/** I1: at most one successful charge per payment reference and per idempotency key. */
export function checkChargesOnce(charges: readonly Charge[]): { chargedTwice: string[] } {
  const byReference = new Map<string, number>();
  for (const c of charges)
    if (c.status === 'succeeded') byReference.set(c.reference, (byReference.get(c.reference) ?? 0) + 1);
  return { chargedTwice: [...byReference].filter(([, n]) => n > 1).map(([ref]) => ref) };
}
