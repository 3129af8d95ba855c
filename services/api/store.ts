// The payment API's local state in one SQLite file: payments, idempotency records and the transactional outbox.
// Everything a request decides is written in one local transaction, so "charged" and "event queued" never diverge.
import Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export type Durability = 'full' | 'normal';

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

export interface PaymentStore {
  /** Claims the key atomically (group-committed: resolves once the claim is durable). */
  claim(key: string, requestHash: string, newPaymentId: string, lockTimeoutMs: number, now?: number): Promise<ClaimResult>;
  /** Ends a request: payment row, optional outbox event and the stored response in ONE transaction (group-committed). */
  complete(key: string, payment: PaymentRow, event: NewOutboxEvent | null, response: StoredResponse): Promise<void>;
  /** The charge outcome is unknown: keep the key (and its paymentId) so a retry resumes instead of re-charging. */
  markChargeUnknown(key: string): void;
  /** Forgets a claim entirely, as the old synchronous design did when a later step failed. */
  releaseClaim(key: string): void;
  /** Resolves once every write made so far (including markChargeUnknown/releaseClaim) is as durable as the store promises. */
  durable(): Promise<void>;
  getPayment(paymentId: string): (PaymentRow & { eventId: string | null; publishedAt: number | null }) | undefined;
  unsentOutbox(limit: number): OutboxRow[];
  markSent(seqs: readonly number[], at: number): void;
  noteAttempt(seqs: readonly number[]): void;
  outboxBacklog(now?: number): { pending: number; oldestPendingAgeMs: number | null };
  close(): void;
}

const SCHEMA = `
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

export function openPaymentStore(dataDir: string, options: { durability?: Durability } = {}): PaymentStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'payments.sqlite'));
  db.pragma('journal_mode = WAL');
  // 'full': an accepted payment (and its event) survives a power cut, not only a process crash. SQLite's own
  // synchronous=FULL would fsync the WAL inside COMMIT, blocking the event loop for the whole fsync (40% of the API's
  // wall time in the profile). Instead SQLite runs with NORMAL (WAL synced around checkpoints) and the group
  // committer fsyncs the WAL on libuv's thread pool after each commit, answering nobody (and publishing nothing)
  // before that fsync returns: the same guarantee, while the event loop keeps serving requests.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const durabilityMode: Durability = options.durability ?? 'full';

  const selectKey = db.prepare<[string], KeyRow>(
    'SELECT request_hash, payment_id, state, locked_at, response_status, response_body FROM idempotency_keys WHERE key = ?',
  );
  const insertKey = db.prepare(
    `INSERT INTO idempotency_keys (key, request_hash, payment_id, state, locked_at, created_at, updated_at)
     VALUES (?, ?, ?, 'in_flight', ?, ?, ?)`,
  );
  const relockKey = db.prepare("UPDATE idempotency_keys SET state = 'in_flight', locked_at = ?, updated_at = ? WHERE key = ?");
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
  const markSentStmt = db.prepare('UPDATE outbox SET sent_at = ? WHERE seq IN (SELECT value FROM json_each(?))');
  const attemptStmt = db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE seq IN (SELECT value FROM json_each(?))');
  const backlogStmt = db.prepare<[], { pending: number; oldest: number | null }>(
    'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL',
  );

  const claimTx = db.transaction((key: string, hash: string, newPaymentId: string, lockTimeoutMs: number, now: number): ClaimResult => {
    const row = selectKey.get(key);
    if (!row) {
      insertKey.run(key, hash, newPaymentId, now, now, now);
      return { kind: 'new', paymentId: newPaymentId };
    }
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state === 'completed' && row.response_status !== null && row.response_body !== null) {
      return { kind: 'replay', response: { status: row.response_status, body: row.response_body } };
    }
    const lockIsFresh = row.state === 'in_flight' && row.locked_at !== null && now - row.locked_at < lockTimeoutMs;
    if (lockIsFresh) return { kind: 'in_flight' };
    // charge_unknown, or an in-flight lock left behind by a crashed process: take it over and resume.
    relockKey.run(now, now, key);
    return { kind: 'resume', paymentId: row.payment_id };
  });

  const completeTx = db.transaction((key: string, payment: PaymentRow, event: NewOutboxEvent | null, response: StoredResponse) => {
    const now = Date.now();
    insertPayment.run(payment);
    if (event) {
      const { lastInsertRowid } = insertOutbox.run(event.eventId, payment.paymentId, event.topic, event.messageKey, JSON.stringify(event.headers), event.payload, now);
      wal.noteOutboxSeq(Number(lastInsertRowid));
    }
    completeKey.run(response.status, response.body, now, key);
  });

  const wal = createWalSyncer(join(dataDir, 'payments.sqlite-wal'), durabilityMode, db);

  const markSentTx = (seqs: readonly number[], at: number) => void markSentStmt.run(at, JSON.stringify(seqs));
  const attemptTx = (seqs: readonly number[]) => void attemptStmt.run(JSON.stringify(seqs));

  const groupCommit = createGroupCommitter(db, wal);

  return {
    claim: (key, hash, newPaymentId, lockTimeoutMs, now) =>
      groupCommit(() => claimTx(key, hash, newPaymentId, lockTimeoutMs, now ?? Date.now())),
    complete: (key, payment, event, response) => groupCommit(() => completeTx(key, payment, event, response)),
    markChargeUnknown: (key) => void unknownKey.run(Date.now(), key),
    releaseClaim: (key) => void deleteKey.run(key),
    durable: () => wal.sync(),
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
    unsentOutbox(limit) {
      // Only rows whose commit is already durable: an event must never be published for a payment a power cut could
      // still erase (its retry would then publish a second event under a new ce_id).
      return selectUnsent.all(wal.durableOutboxSeq(), limit).map((r) => ({
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
    close: () => {
      db.close();
      wal.close();
    },
  };
}

interface WalSyncer {
  /** Resolves after an fsync of the WAL that started after this call (immediately in 'normal' durability). */
  sync(): Promise<void>;
  /** A committed outbox row; it becomes visible to the relay once a later fsync covers it. */
  noteOutboxSeq(seq: number): void;
  durableOutboxSeq(): number;
  close(): void;
}

/**
 * Durability for 'full' without blocking the event loop: fsync(2) of the WAL file on libuv's thread pool. Callers
 * that arrive while an fsync runs wait for the next one (their commit may have missed the running one), so many
 * commits share each fsync. fsync flushes the file's inode, so our own descriptor covers SQLite's writes.
 */
function createWalSyncer(walPath: string, durability: Durability, db: Database.Database): WalSyncer {
  if (durability === 'normal') {
    return { sync: async () => {}, noteOutboxSeq: () => {}, durableOutboxSeq: () => Number.MAX_SAFE_INTEGER, close: () => {} };
  }
  // Whatever a crashed predecessor left in the page cache becomes durable before anything reads it as such.
  const fd = openSync(walPath, 'r');
  fsyncSync(fd);
  const dbFd = openSync(db.name, 'r');
  fsyncSync(dbFd);
  closeSync(dbFd);
  let committedSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM outbox').get()?.seq ?? 0;
  let durableSeq = committedSeq;
  let waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let running = false;
  let closed = false;

  const start = () => {
    running = true;
    const batch = waiting;
    waiting = [];
    const coversSeq = committedSeq;
    fsync(fd, (error) => {
      running = false;
      if (closed) {
        closeSync(fd);
        for (const w of batch) w.reject(new Error('payment store closed before the commit was durable'));
        return;
      }
      if (error) {
        for (const w of batch) w.reject(error);
      } else {
        durableSeq = Math.max(durableSeq, coversSeq);
        for (const w of batch) w.resolve();
      }
      if (waiting.length > 0) start();
    });
  };

  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) {
          reject(new Error('payment store is closed'));
          return;
        }
        waiting.push({ resolve, reject });
        if (!running) start();
      }),
    noteOutboxSeq: (seq) => {
      committedSeq = Math.max(committedSeq, seq);
    },
    durableOutboxSeq: () => durableSeq,
    close: () => {
      closed = true;
      if (!running) closeSync(fd);
    },
  };
}

interface QueuedWork {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: work queued during one event-loop turn runs in ONE write transaction, each piece in its own
 * savepoint (better-sqlite3 nests transaction functions as savepoints), so a failing piece rolls back alone.
 * In 'full' durability the fsync is the price of a commit; sharing it between concurrent requests is what lets a
 * durable API accept more than one payment per fsync. Nobody is answered before the commit that holds their work
 * is durable, and the fsync runs off the event loop (see createWalSyncer), so the next batch commits meanwhile.
 */
function createGroupCommitter(db: Database.Database, wal: WalSyncer): <T>(run: () => T) => Promise<T> {
  let queue: QueuedWork[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const work of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(work.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const work of batch) work.reject(error);
      return;
    }
    const settle = () =>
      batch.forEach((work, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) work.resolve(outcome.value);
        else work.reject(outcome ? outcome.error : new Error('group commit lost track of a queued write'));
      });
    // Answered only once durable; the next batch commits meanwhile and shares the following fsync.
    wal.sync().then(settle, (error: unknown) => {
      for (const work of batch) work.reject(error);
    });
  };

  return <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        // setImmediate (not a microtask) lets the requests already read from sockets join this batch.
        setImmediate(flush);
      }
    });
}
