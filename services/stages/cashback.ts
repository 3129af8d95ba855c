// Cashback: credits a ledger exactly once per payment. The UNIQUE payment_id makes a second credit
// impossible, whatever the delivery count.
import { referenceStage } from '../../shared/referencePipeline';
import { openStageDb, type StageDb } from './stageDb';
import type { StageDefinition, StageDeps, StageInstance } from './types';

/** 1 % back, rounded down to whole minor units. */
export function cashbackFor(amountMinor: number): number {
  return Math.floor(amountMinor / 100);
}

export const CASHBACK_DB_FILE = 'cashback.sqlite';

export function openCashbackLedger(dataDir: string): StageDb {
  const db = openStageDb(dataDir, CASHBACK_DB_FILE);
  db.exec(`CREATE TABLE IF NOT EXISTS cashback_ledger (
    payment_id TEXT NOT NULL UNIQUE, customer_id TEXT NOT NULL, credit_minor INTEGER NOT NULL, currency TEXT NOT NULL,
    ce_id TEXT NOT NULL, credited_at INTEGER NOT NULL)`);
  return db;
}

export function createCashbackStage(deps: StageDeps): StageInstance {
  const db = openCashbackLedger(deps.dataDir);
  const credit = db.prepare(
    'INSERT INTO cashback_ledger (payment_id, customer_id, credit_minor, currency, ce_id, credited_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING',
  );
  return {
    async handle(event, meta) {
      const creditMinor = cashbackFor(event.amountMinor);
      const info = credit.run(
        event.paymentId,
        event.customerId,
        creditMinor,
        event.currency,
        meta.ceId,
        Date.now(),
      );
      return {
        alreadyDone: info.changes === 0,
        outcome: {
          paymentId: event.paymentId,
          customerId: event.customerId,
          creditMinor,
          currency: event.currency,
        },
      };
    },
    close() {
      db.close();
    },
  };
}

export const cashbackStage: StageDefinition<'cashback'> = {
  ...referenceStage('cashback'),
  create: createCashbackStage,
};
