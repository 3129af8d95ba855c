// The processed-event store: one row per ce_id a stage has finished. A redelivered or replayed event whose
// ce_id is here is skipped, so a duplicate delivery never repeats a side effect. Rows older than the retention
// window are pruned in the background, so the store stays bounded on a pipeline that runs for months.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RETRY_TIER_DELAYS_MS } from '../../shared/referencePipeline';
import { openWalDatabase } from './walDatabase';

export interface ProcessedRow {
  ceId: string;
  paymentId: string;
  topic: string;
  partition: number;
  offset: string;
}

export interface ProcessedStore {
  has(ceId: string): boolean;
  markProcessed(row: ProcessedRow): void;
  /** One transaction (one fsync) for a whole batch. */
  markProcessedMany(rows: readonly ProcessedRow[]): void;
  count(): number;
  /** Deletes every entry older than the retention window now, in small batches; returns how many went. */
  prune(): number;
  close(): void;
}

/**
 * Seven days, Kafka's default topic retention: an event that can still be read back from its topic (a replay,
 * a redelivery from the console) is still recognised as processed.
 */
export const DEFAULT_PROCESSED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_PROCESSED_PRUNE_INTERVAL_MS = 60_000;
const PRUNE_BATCH_SIZE = 500;

export interface ProcessedStoreOptions {
  /** How long a processed ce_id is remembered (default 7 days). Must exceed the longest retry tier delay. */
  retentionMs?: number;
  /** The stage's retry tier delays (default DEFAULT_RETRY_TIER_DELAYS_MS), to validate retentionMs against. */
  retryTierDelaysMs?: readonly number[];
  /** How often the background pruner runs (default 1 min; 0 turns it off, prune() still works). */
  pruneIntervalMs?: number;
  now?: () => number;
}

export function processedStoreFile(dataDir: string, stage: string): string {
  return join(dataDir, `processed-${stage}.sqlite`);
}

export function openProcessedStore(
  dataDir: string,
  stage: string,
  options: ProcessedStoreOptions = {},
): ProcessedStore {
  const retentionMs = options.retentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  const longestTierMs = Math.max(0, ...(options.retryTierDelaysMs ?? DEFAULT_RETRY_TIER_DELAYS_MS));
  // An event waiting in a retry tier comes back after its delay; if its ce_id were forgotten by then, a stage that
  // had in fact finished it would run the side effect again.
  if (!(retentionMs > longestTierMs)) {
    throw new Error(
      `processed-event retention of ${retentionMs} ms must be longer than the longest retry tier delay ` +
        `(${longestTierMs} ms), or a retried event could repeat its side effect`,
    );
  }
  const clock = options.now ?? Date.now;
  const pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PROCESSED_PRUNE_INTERVAL_MS;
  mkdirSync(dataDir, { recursive: true });
  // FULL: the row must survive a power cut once the offset is committed after it.
  const db = openWalDatabase(processedStoreFile(dataDir, stage), 'FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS processed_events (
    ce_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
    kafka_offset TEXT NOT NULL, processed_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS processed_events_age ON processed_events (processed_at);`);
  const has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM processed_events WHERE ce_id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO processed_events (ce_id, payment_id, topic, partition, kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM processed_events');
  const pruneStmt = db.prepare(
    `DELETE FROM processed_events WHERE rowid IN
       (SELECT rowid FROM processed_events WHERE processed_at <= ? LIMIT ${PRUNE_BATCH_SIZE})`,
  );
  const markOne = (row: ProcessedRow) =>
    insert.run(row.ceId, row.paymentId, row.topic, row.partition, row.offset, clock());
  const markMany = db.transaction((rows: readonly ProcessedRow[]) => {
    for (const row of rows) markOne(row);
  });

  let closed = false;
  const pruneBatch = () => pruneStmt.run(clock() - retentionMs).changes;
  const pruneAll = () => {
    let total = 0;
    for (let n = PRUNE_BATCH_SIZE; n === PRUNE_BATCH_SIZE; total += n) n = pruneBatch();
    return total;
  };
  // One small batch per event-loop turn: the consumer's own writes interleave with a long backlog.
  const backgroundPrune = () => {
    if (!closed && pruneBatch() === PRUNE_BATCH_SIZE) setImmediate(backgroundPrune);
  };
  const timer = pruneIntervalMs > 0 ? setInterval(backgroundPrune, pruneIntervalMs) : null;
  timer?.unref();

  return {
    has: (ceId) => has.get(ceId) !== undefined,
    markProcessed: (row) => void markOne(row),
    markProcessedMany: (rows) => markMany(rows),
    count: () => count.get()?.n ?? 0,
    prune: pruneAll,
    close: () => {
      closed = true;
      if (timer) clearInterval(timer);
      db.close();
    },
  };
}
