// The processed-event store: one row per ce_id a stage has finished. A redelivered or replayed event whose
// ce_id is here is skipped, so a duplicate delivery never repeats a side effect.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
  close(): void;
}

export function processedStoreFile(dataDir: string, stage: string): string {
  return join(dataDir, `processed-${stage}.sqlite`);
}

export function openProcessedStore(dataDir: string, stage: string): ProcessedStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(processedStoreFile(dataDir, stage));
  db.pragma('journal_mode = WAL');
  // FULL: the row must survive a power cut once the offset is committed after it.
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS processed_events (
    ce_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
    kafka_offset TEXT NOT NULL, processed_at INTEGER NOT NULL)`);
  const has = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM processed_events WHERE ce_id = ?');
  const insert = db.prepare(
    'INSERT OR IGNORE INTO processed_events (ce_id, payment_id, topic, partition, kafka_offset, processed_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM processed_events');
  const markOne = (row: ProcessedRow) =>
    insert.run(row.ceId, row.paymentId, row.topic, row.partition, row.offset, Date.now());
  const markMany = db.transaction((rows: readonly ProcessedRow[]) => {
    for (const row of rows) markOne(row);
  });
  return {
    has: (ceId) => has.get(ceId) !== undefined,
    markProcessed: (row) => void markOne(row),
    markProcessedMany: (rows) => markMany(rows),
    count: () => count.get()?.n ?? 0,
    close: () => db.close(),
  };
}
