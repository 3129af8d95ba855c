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
  idempotency_key TEXT NOT NULL,
  customer_id     TEXT NOT NULL,
  amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
  currency        TEXT NOT NULL,
  email           TEXT NOT NULL,
  phone           TEXT,
  card_last4      TEXT NOT NULL,
  charge_id       TEXT NOT NULL,
  status          TEXT NOT NULL,
  decline_code    TEXT,
  created_at      TEXT NOT NULL,
  event_id        TEXT,
  published_at    INTEGER
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
`;

// Separate from SCHEMA: they may name columns that only exist once migratePayments has run.
const INDEXES = `
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (seq) WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbox_payment ON outbox (payment_id);
CREATE INDEX IF NOT EXISTS payments_idempotency_key ON payments (idempotency_key);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (created_at) WHERE state = 'completed';
`;

/**
 * Databases written before keys expired: payments.idempotency_key was UNIQUE (a key can now be reused once its
 * record has expired) and the event id and publication time lived only in the outbox (whose sent rows are now
 * deleted). Rebuilds the table once, carrying both over.
 */
function migratePayments(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('payments')").all();
  if (columns.some((c) => c.name === 'published_at')) return;
  db.transaction(() => {
    const create = /CREATE TABLE IF NOT EXISTS payments \([^;]*\);/.exec(SCHEMA)?.[0] ?? '';
    db.exec(create.replace('CREATE TABLE IF NOT EXISTS payments (', 'CREATE TABLE payments_migrated ('));
    db.exec(`INSERT INTO payments_migrated SELECT p.payment_id, p.idempotency_key, p.customer_id, p.amount_minor,
        p.currency, p.email, p.phone, p.card_last4, p.charge_id, p.status, p.decline_code, p.created_at,
        (SELECT o.event_id FROM outbox o WHERE o.payment_id = p.payment_id ORDER BY o.seq LIMIT 1),
        (SELECT o.sent_at FROM outbox o WHERE o.payment_id = p.payment_id ORDER BY o.seq LIMIT 1)
      FROM payments p`);
    db.exec('DROP TABLE payments; ALTER TABLE payments_migrated RENAME TO payments;');
  })();
}

/**
 * Stands in for a plain SHA-256 fingerprint written by an earlier version: such a hash lets anyone holding the
 * file recover the card number by enumeration, so it is erased at open. A retry of such a key cannot be checked
 * against its body any more and gets the stored answer (or resumes), which never charges twice.
 */
export const UNVERIFIABLE_FINGERPRINT = 'unverifiable';

function scrubPlainFingerprints(db: Database.Database): void {
  const plain = "length(request_hash) = 64 AND request_hash NOT GLOB '*[^0-9a-f]*'";
  const found = db
    .prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM idempotency_keys WHERE ${plain}`)
    .get();
  if (!found?.n) return;
  // secure_delete zeroes the freed bytes of the old values; the checkpoint overwrites their pages in the main file
  // and truncates the WAL that held them.
  db.pragma('secure_delete = ON');
  db.prepare(`UPDATE idempotency_keys SET request_hash = ? WHERE ${plain}`).run(UNVERIFIABLE_FINGERPRINT);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('secure_delete = OFF');
}

interface KeyRow {
  request_hash: string;
  created_at: number;
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
  published_at: number | null;
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
  /**
   * Deletes up to `limit` expired idempotency records (completed ones created at or before `cutoff`) and up to
   * `limit` sent outbox rows; returns how many of each went.
   */
  pruneBatch(cutoff: number, limit: number): { idempotencyKeys: number; outbox: number };
  rowCounts(): { idempotencyKeys: number; payments: number; outbox: number };
}

export interface PaymentRepositoryOptions {
  /** A completed key older than this is forgotten: the next request with it is a new payment. */
  idempotencyRetentionMs: number;
  now: () => number;
}

export function openPaymentRepository(
  db: Database.Database,
  options: PaymentRepositoryOptions,
): PaymentRepository {
  const { idempotencyRetentionMs, now: clock } = options;
  db.exec(SCHEMA);
  migratePayments(db);
  scrubPlainFingerprints(db);
  db.exec(INDEXES);
  const selectKey = db.prepare<[string], KeyRow>(
    'SELECT request_hash, created_at, payment_id, state, locked_at, response_status, response_body FROM idempotency_keys WHERE key = ?',
  );
  const insertKey = db.prepare(
    `INSERT INTO idempotency_keys (key, request_hash, payment_id, state, locked_at, created_at, updated_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?, ?)`,
  );
  const reclaimExpiredKey = db.prepare(
    `UPDATE idempotency_keys SET request_hash = ?, payment_id = ?, state = 'in_flight', locked_at = ?,
       response_status = NULL, response_body = NULL, created_at = ?, updated_at = ? WHERE key = ?`,
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
       charge_id, status, decline_code, created_at, event_id)
     VALUES (@paymentId, @idempotencyKey, @customerId, @amountMinor, @currency, @email, @phone, @cardLast4,
       @chargeId, @status, @declineCode, @createdAt, @eventId)`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (event_id, payment_id, topic, message_key, headers, payload, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectPayment = db.prepare<[string], PaymentDbRow>('SELECT * FROM payments WHERE payment_id = ?');
  const selectUnsent = db.prepare<[number, number], OutboxDbRow>(
    `SELECT seq, event_id, topic, message_key, headers, payload, created_at, attempts FROM outbox
     WHERE sent_at IS NULL AND seq <= ? ORDER BY seq LIMIT ?`,
  );
  // One statement per relay batch (the seqs as a JSON array), not one per row. A published row has done its job:
  // the payment keeps when it was published, and the row goes, so the outbox holds only what is still to send.
  const notePublished = db.prepare(
    `UPDATE payments SET published_at = ? WHERE payment_id IN
       (SELECT payment_id FROM outbox WHERE seq IN (SELECT value FROM json_each(?)))`,
  );
  const deleteSent = db.prepare('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))');
  const pruneKeys = db.prepare(
    `DELETE FROM idempotency_keys WHERE rowid IN
       (SELECT rowid FROM idempotency_keys WHERE state = 'completed' AND created_at <= ? LIMIT ?)`,
  );
  // Rows marked sent by a version that kept them.
  const pruneSent = db.prepare(
    'DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox WHERE sent_at IS NOT NULL LIMIT ?)',
  );
  const countRows = db.prepare<[], { keys: number; payments: number; outbox: number }>(
    `SELECT (SELECT COUNT(*) FROM idempotency_keys) AS keys, (SELECT COUNT(*) FROM payments) AS payments,
       (SELECT COUNT(*) FROM outbox) AS outbox`,
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
      // Only completed records expire: forgetting an in-flight or unknown charge could charge the card twice.
      if (row.state === 'completed' && row.created_at <= now - idempotencyRetentionMs) {
        reclaimExpiredKey.run(hash, newPaymentId, now, now, now, key);
        return { kind: 'new', paymentId: newPaymentId };
      }
      if (row.request_hash !== hash && row.request_hash !== UNVERIFIABLE_FINGERPRINT)
        return { kind: 'mismatch' };
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
      const now = clock();
      let outboxSeq: number | null = null;
      insertPayment.run({ ...payment, eventId: event?.eventId ?? null });
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
  const markSentTx = db.transaction((seqs: readonly number[], at: number) => {
    const json = JSON.stringify(seqs);
    notePublished.run(at, json);
    deleteSent.run(json);
  });
  const attemptTx = (seqs: readonly number[]) => void attemptStmt.run(JSON.stringify(seqs));

  return {
    claim: (key, hash, newPaymentId, lockTimeoutMs, now) =>
      claimTx(key, hash, newPaymentId, lockTimeoutMs, now),
    complete: (key, payment, event, response) => completeTx(key, payment, event, response),
    markChargeUnknown: (key) => void unknownKey.run(clock(), key),
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
        publishedAt: row.published_at,
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
    outboxBacklog(now = clock()) {
      const row = backlogStmt.get();
      const pending = row?.pending ?? 0;
      return { pending, oldestPendingAgeMs: row?.oldest == null ? null : now - row.oldest };
    },
    lastOutboxSeq: () => lastSeqStmt.get()?.seq ?? 0,
    pruneBatch: (cutoff, limit) => ({
      idempotencyKeys: pruneKeys.run(cutoff, limit).changes,
      outbox: pruneSent.run(limit).changes,
    }),
    rowCounts() {
      const r = countRows.get();
      return { idempotencyKeys: r?.keys ?? 0, payments: r?.payments ?? 0, outbox: r?.outbox ?? 0 };
    },
  };
}
