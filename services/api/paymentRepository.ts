// The payment API's SQL: schema, statements and row mapping for payments, idempotency keys and the outbox.
// Each method is one local transaction; durability and batching are the store's (store.ts) business.
import type Database from 'better-sqlite3';

export type IdempotencyState = 'in_flight' | 'charge_unknown' | 'completed';

/** The answer a request got, stored so that a retry with the same key gets the very same bytes. */
export interface StoredResponse {
  status: number;
  body: string;
}

export type ClaimResult =
  | { kind: 'new'; paymentId: string }
  /** An earlier attempt ended without knowing whether the card was charged (or crashed): resume it. */
  | { kind: 'resume'; paymentId: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export interface PaymentRow {
  paymentId: string;
  idempotencyKey: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  email: string;
  phone: string | null;
  cardLast4: string;
  chargeId: string;
  status: 'succeeded' | 'declined';
  declineCode: string | null;
  createdAt: string;
}

export interface OutboxRow {
  seq: number;
  eventId: string;
  topic: string;
  messageKey: string;
  headers: Record<string, string>;
  payload: string;
  createdAt: number;
  attempts: number;
}

export interface NewOutboxEvent {
  eventId: string;
  topic: string;
  messageKey: string;
  headers: Record<string, string>;
  payload: string;
}

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  key             TEXT PRIMARY KEY,
  request_hash    TEXT NOT NULL,
  payment_id      TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('in_flight', 'charge_unknown', 'completed')),
  locked_at       INTEGER,
  response_status INTEGER,
  response_body   TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS payments (
  payment_id      TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  customer_id     TEXT NOT NULL,
  amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
  currency        TEXT NOT NULL,
  email           TEXT NOT NULL,
  phone           TEXT,
  card_last4      TEXT NOT NULL,
  charge_id       TEXT NOT NULL,
  status          TEXT NOT NULL,
  decline_code    TEXT,
  created_at      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT NOT NULL UNIQUE,
  payment_id  TEXT NOT NULL,
  topic       TEXT NOT NULL,
  message_key TEXT NOT NULL,
  headers     TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER,
  attempts    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_payment ON outbox (payment_id);
`;

interface KeyRow {
  request_hash: string;
  payment_id: string;
  state: IdempotencyState;
  locked_at: number | null;
  response_status: number | null;
  response_body: string | null;
}

interface PaymentDbRow {
  payment_id: string;
  idempotency_key: string;
  customer_id: string;
  amount_minor: number;
  currency: string;
  email: string;
  phone: string | null;
  card_last4: string;
  charge_id: string;
  status: 'succeeded' | 'declined';
  decline_code: string | null;
  created_at: string;
  event_id: string | null;
  sent_at: number | null;
}

interface OutboxDbRow {
  seq: number;
  event_id: string;
  topic: string;
  message_key: string;
  headers: string;
  payload: string;
  created_at: number;
  attempts: number;
}

export interface PaymentRepository {
  claim(
    key: string,
    requestHash: string,
    newPaymentId: string,
    lockTimeoutMs: number,
    now: number,
  ): ClaimResult;
  /** Returns the seq of the outbox row it wrote, if any. */
  complete(
    key: string,
    payment: PaymentRow,
    event: NewOutboxEvent | null,
    response: StoredResponse,
  ): number | null;
  markChargeUnknown(key: string): void;
  releaseClaim(key: string): void;
  getPayment(
    paymentId: string,
  ): (PaymentRow & { eventId: string | null; publishedAt: number | null }) | undefined;
  /** Unsent rows with seq <= upToSeq, oldest first. */
  unsentOutbox(upToSeq: number, limit: number): OutboxRow[];
  markSent(seqs: readonly number[], at: number): void;
  noteAttempt(seqs: readonly number[]): void;
  outboxBacklog(now?: number): { pending: number; oldestPendingAgeMs: number | null };
  /** The highest outbox seq written so far (0 when empty). */
  lastOutboxSeq(): number;
}

export function openPaymentRepository(db: Database.Database): PaymentRepository {
  db.exec(SCHEMA);
  const selectKey = db.prepare<[string], KeyRow>(
    'SELECT request_hash, payment_id, state, locked_at, response_status, response_body FROM idempotency_keys WHERE key = ?',
  );
  const insertKey = db.prepare(
    `INSERT INTO idempotency_keys (key, request_hash, payment_id, state, locked_at, created_at, updated_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?, ?)`,
  );
  const relockKey = db.prepare(
    "UPDATE idempotency_keys SET state = 'in_flight', locked_at = ?, updated_at = ? WHERE key = ?",
  );
  const completeKey = db.prepare(
    "UPDATE idempotency_keys SET state = 'completed', locked_at = NULL, response_status = ?, response_body = ?, updated_at = ? WHERE key = ?",
  );
  const unknownKey = db.prepare(
    "UPDATE idempotency_keys SET state = 'charge_unknown', locked_at = NULL, updated_at = ? WHERE key = ? AND state = 'in_flight'",
  );
  const deleteKey = db.prepare("DELETE FROM idempotency_keys WHERE key = ? AND state = 'in_flight'");
  const insertPayment = db.prepare(
    `INSERT INTO payments (payment_id, idempotency_key, customer_id, amount_minor, currency, email, phone, card_last4,
       charge_id, status, decline_code, created_at)
     VALUES (@paymentId, @idempotencyKey, @customerId, @amountMinor, @currency, @email, @phone, @cardLast4,
       @chargeId, @status, @declineCode, @createdAt)`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (event_id, payment_id, topic, message_key, headers, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectPayment = db.prepare<[string], PaymentDbRow>(
    `SELECT p.*, o.event_id, o.sent_at FROM payments p LEFT JOIN outbox o ON o.payment_id = p.payment_id
     WHERE p.payment_id = ?`,
  );
  const selectUnsent = db.prepare<[number, number], OutboxDbRow>(
    `SELECT seq, event_id, topic, message_key, headers, payload, created_at, attempts FROM outbox
     WHERE sent_at IS NULL AND seq <= ? ORDER BY seq LIMIT ?`,
  );
  // One statement per relay batch (the seqs as a JSON array), not one per row.
  const markSentStmt = db.prepare(
    'UPDATE outbox SET sent_at = ? WHERE seq IN (SELECT value FROM json_each(?))',
  );
  const attemptStmt = db.prepare(
    'UPDATE outbox SET attempts = attempts + 1 WHERE seq IN (SELECT value FROM json_each(?))',
  );
  const backlogStmt = db.prepare<[], { pending: number; oldest: number | null }>(
    'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL',
  );

  const claimTx = db.transaction(
    (key: string, hash: string, newPaymentId: string, lockTimeoutMs: number, now: number): ClaimResult => {
      const row = selectKey.get(key);
      if (!row) {
        insertKey.run(key, hash, newPaymentId, now, now, now);
        return { kind: 'new', paymentId: newPaymentId };
      }
      if (row.request_hash !== hash) return { kind: 'mismatch' };
      if (row.state === 'completed' && row.response_status !== null && row.response_body !== null) {
        return { kind: 'replay', response: { status: row.response_status, body: row.response_body } };
      }
      const lockIsFresh =
        row.state === 'in_flight' && row.locked_at !== null && now - row.locked_at < lockTimeoutMs;
      if (lockIsFresh) return { kind: 'in_flight' };
      // charge_unknown, or an in-flight lock left behind by a crashed process: take it over and resume.
      relockKey.run(now, now, key);
      return { kind: 'resume', paymentId: row.payment_id };
    },
  );

  const completeTx = db.transaction(
    (
      key: string,
      payment: PaymentRow,
      event: NewOutboxEvent | null,
      response: StoredResponse,
    ): number | null => {
      const now = Date.now();
      let outboxSeq: number | null = null;
      insertPayment.run(payment);
      if (event) {
        const { lastInsertRowid } = insertOutbox.run(
          event.eventId,
          payment.paymentId,
          event.topic,
          event.messageKey,
          JSON.stringify(event.headers),
          event.payload,
          now,
        );
        outboxSeq = Number(lastInsertRowid);
      }
      completeKey.run(response.status, response.body, now, key);
      return outboxSeq;
    },
  );
  const lastSeqStmt = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM outbox');
  const markSentTx = (seqs: readonly number[], at: number) => void markSentStmt.run(at, JSON.stringify(seqs));
  const attemptTx = (seqs: readonly number[]) => void attemptStmt.run(JSON.stringify(seqs));

  return {
    claim: (key, hash, newPaymentId, lockTimeoutMs, now) =>
      claimTx(key, hash, newPaymentId, lockTimeoutMs, now),
    complete: (key, payment, event, response) => completeTx(key, payment, event, response),
    markChargeUnknown: (key) => void unknownKey.run(Date.now(), key),
    releaseClaim: (key) => void deleteKey.run(key),
    getPayment(paymentId) {
      const row = selectPayment.get(paymentId);
      if (!row) return undefined;
      return {
        paymentId: row.payment_id,
        idempotencyKey: row.idempotency_key,
        customerId: row.customer_id,
        amountMinor: row.amount_minor,
        currency: row.currency,
        email: row.email,
        phone: row.phone,
        cardLast4: row.card_last4,
        chargeId: row.charge_id,
        status: row.status,
        declineCode: row.decline_code,
        createdAt: row.created_at,
        eventId: row.event_id,
        publishedAt: row.sent_at,
      };
    },
    unsentOutbox(upToSeq, limit) {
      return selectUnsent.all(upToSeq, limit).map((r) => ({
        seq: r.seq,
        eventId: r.event_id,
        topic: r.topic,
        messageKey: r.message_key,
        headers: JSON.parse(r.headers) as Record<string, string>,
        payload: r.payload,
        createdAt: r.created_at,
        attempts: r.attempts,
      }));
    },
    markSent: (seqs, at) => markSentTx(seqs, at),
    noteAttempt: (seqs) => attemptTx(seqs),
    outboxBacklog(now = Date.now()) {
      const row = backlogStmt.get();
      const pending = row?.pending ?? 0;
      return { pending, oldestPendingAgeMs: row?.oldest == null ? null : now - row.oldest };
    },
    lastOutboxSeq: () => lastSeqStmt.get()?.seq ?? 0,
  };
}
