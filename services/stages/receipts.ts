// Receipt email over real SMTP. A down or slow mail server must fail fast (seconds), and the failure
// must say whether a retry can help (connection refused, 4xx) or not (5xx: the address is rejected).
import nodemailer from 'nodemailer';
import type { PaymentSuccess } from '../../shared/events';
import { referenceStage } from '../../shared/referencePipeline';
import { openStageDb } from './stageDb';
import {
  StageError,
  type StageDefinition,
  type StageDeps,
  type StageInstance,
  type StageMeta,
} from './types';

/** Deterministic per payment, so a resend after a crash is recognisable as the same mail by the recipient. */
export function receiptMessageId(paymentId: string): string {
  return `<receipt.${encodeURIComponent(paymentId)}@receipts.eventdesk.local>`;
}

export function formatAmount(amountMinor: number, currency: string): string {
  const major = Math.trunc(amountMinor / 100);
  const minor = String(amountMinor % 100).padStart(2, '0');
  return `${major}.${minor} ${currency}`;
}

interface SmtpFailureShape {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

/** Maps a nodemailer error to transient/permanent: 5xx replies are permanent, everything else transient. */
export function classifySmtpError(err: unknown): StageError {
  const shape: SmtpFailureShape = typeof err === 'object' && err !== null ? (err as SmtpFailureShape) : {};
  const message = typeof shape.message === 'string' ? shape.message : String(err);
  const responseCode = typeof shape.responseCode === 'number' ? shape.responseCode : undefined;
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    return new StageError(
      `SMTP rejected the receipt (${responseCode}): ${message}`,
      'permanent',
      'eventdesk.receipts.SmtpRejected',
      { cause: err },
    );
  }
  if (responseCode !== undefined && responseCode >= 400) {
    return new StageError(
      `SMTP deferred the receipt (${responseCode}): ${message}`,
      'transient',
      'eventdesk.receipts.SmtpDeferred',
      { cause: err },
    );
  }
  const timedOut = code === 'ETIMEDOUT' || /timeout/i.test(message);
  return new StageError(
    `SMTP server unavailable${code ? ` (${code})` : ''}: ${message}`,
    'transient',
    timedOut ? 'eventdesk.receipts.SmtpTimeout' : 'eventdesk.receipts.SmtpUnavailable',
    { cause: err },
  );
}

export function createReceiptsStage(deps: StageDeps): StageInstance {
  const timeoutMs = deps.receipts?.timeoutMs ?? 3000;
  const from = deps.receipts?.from ?? 'receipts@eventdesk.local';
  const transport = nodemailer.createTransport({
    host: deps.smtp.host,
    port: deps.smtp.port,
    secure: false,
    ignoreTLS: true,
    // One pooled connection: fewer handshakes; the pool reconnects after the server drops it.
    pool: true,
    maxConnections: 1,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  const db = openStageDb(deps.dataDir, 'receipts.sqlite');
  db.exec(`CREATE TABLE IF NOT EXISTS receipts_sent (
    payment_id TEXT PRIMARY KEY, ce_id TEXT NOT NULL, message_id TEXT NOT NULL, recipient TEXT NOT NULL, sent_at INTEGER NOT NULL)`);
  const findSent = db.prepare<[string], { message_id: string; sent_at: number }>(
    'SELECT message_id, sent_at FROM receipts_sent WHERE payment_id = ?',
  );
  const markSent = db.prepare(
    'INSERT OR IGNORE INTO receipts_sent (payment_id, ce_id, message_id, recipient, sent_at) VALUES (?, ?, ?, ?, ?)',
  );

  async function handle(event: PaymentSuccess, meta: StageMeta) {
    const previous = findSent.get(event.paymentId);
    if (previous) {
      return {
        alreadyDone: true,
        outcome: {
          paymentId: event.paymentId,
          messageId: previous.message_id,
          sentAt: new Date(previous.sent_at).toISOString(),
        },
      };
    }
    const messageId = receiptMessageId(event.paymentId);
    try {
      await transport.sendMail({
        from,
        to: event.email,
        subject: `Your receipt for payment ${event.paymentId}`,
        messageId,
        headers: {
          'X-Payment-Id': event.paymentId,
          'X-Ce-Id': meta.ceId,
          'X-Correlation-Id': meta.correlationId,
        },
        text: [
          `Thank you for your payment of ${formatAmount(event.amountMinor, event.currency)}.`,
          `Card ending ${event.cardLast4}, charge ${event.chargeId}.`,
          `Payment id: ${event.paymentId}`,
        ].join('\n'),
      });
    } catch (err) {
      throw classifySmtpError(err);
    }
    const sentAt = Date.now();
    // Recorded right after the server accepted the mail, before the outcome event: a retry caused by a
    // failed outcome publish must not send a second email.
    markSent.run(event.paymentId, meta.ceId, messageId, event.email, sentAt);
    return {
      outcome: {
        paymentId: event.paymentId,
        messageId,
        recipient: event.email,
        sentAt: new Date(sentAt).toISOString(),
      },
    };
  }

  return {
    handle,
    close() {
      transport.close();
      db.close();
    },
  };
}

export const receiptsStage: StageDefinition<'receipts'> = {
  ...referenceStage('receipts'),
  create: createReceiptsStage,
};
