// Analytics: an append-only fact table, one row per event id (a replay cannot double-count revenue).
import { openStageDb } from './stageDb';
import type { StageDefinition, StageDeps, StageInstance } from './types';
import { referenceStage } from '../../shared/referencePipeline';

export function createAnalyticsStage(deps: StageDeps): StageInstance {
  const db = openStageDb(deps.dataDir, 'analytics.sqlite');
  db.exec(`CREATE TABLE IF NOT EXISTS payment_facts (
    ce_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, customer_id TEXT NOT NULL, amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL, created_at TEXT NOT NULL, recorded_at INTEGER NOT NULL)`);
  const append = db.prepare(
    'INSERT OR IGNORE INTO payment_facts (ce_id, payment_id, customer_id, amount_minor, currency, created_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    async handle(event, meta) {
      const info = append.run(
        meta.ceId,
        event.paymentId,
        event.customerId,
        event.amountMinor,
        event.currency,
        event.createdAt,
        Date.now(),
      );
      return { alreadyDone: info.changes === 0 };
    },
    close() {
      db.close();
    },
  };
}

export const analyticsStage: StageDefinition<'analytics'> = {
  ...referenceStage('analytics'),
  create: createAnalyticsStage,
};
