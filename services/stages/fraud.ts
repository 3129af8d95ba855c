// Fraud rules: a large single amount, or too many payments by one customer in a sliding window.
// Time comes from the event (createdAt), not the clock, so a replay reaches the same verdict.
import type { PaymentSuccess } from '../../shared/events';
import { referenceStage } from '../../shared/referencePipeline';
import { openStageDb } from './stageDb';
import type { FraudRules, StageDefinition, StageDeps, StageInstance } from './types';

export const defaultFraudRules: FraudRules = {
  amountThresholdMinor: 500_000,
  velocityMaxPayments: 5,
  velocityWindowMs: 60_000,
};

export type FraudVerdict = 'approve' | 'review';

export interface FraudDecision {
  verdict: FraudVerdict;
  reasons: string[];
}

/** Pure rule evaluation: `recentCount` includes this payment. */
export function evaluateFraudRules(
  amountMinor: number,
  recentCount: number,
  rules: FraudRules,
): FraudDecision {
  const reasons: string[] = [];
  if (amountMinor >= rules.amountThresholdMinor)
    reasons.push(`amount ${amountMinor} >= threshold ${rules.amountThresholdMinor}`);
  if (recentCount > rules.velocityMaxPayments) {
    reasons.push(
      `${recentCount} payments within ${rules.velocityWindowMs} ms > ${rules.velocityMaxPayments}`,
    );
  }
  return { verdict: reasons.length > 0 ? 'review' : 'approve', reasons };
}

export function createFraudStage(deps: StageDeps): StageInstance {
  const rules = deps.fraud ?? defaultFraudRules;
  const db = openStageDb(deps.dataDir, 'fraud.sqlite');
  db.exec(`CREATE TABLE IF NOT EXISTS fraud_payments (
      payment_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, amount_minor INTEGER NOT NULL, at_ms INTEGER NOT NULL,
      verdict TEXT NOT NULL, reasons TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS fraud_by_customer ON fraud_payments (customer_id, at_ms);`);
  const existing = db.prepare<[string], { verdict: FraudVerdict; reasons: string }>(
    'SELECT verdict, reasons FROM fraud_payments WHERE payment_id = ?',
  );
  const countRecent = db.prepare<[string, number, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM fraud_payments WHERE customer_id = ? AND at_ms > ? AND at_ms <= ?',
  );
  const insert = db.prepare(
    'INSERT INTO fraud_payments (payment_id, customer_id, amount_minor, at_ms, verdict, reasons) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // One transaction: the velocity count and this payment's row cannot interleave with another process.
  const decide = db.transaction((event: PaymentSuccess): FraudDecision & { alreadyDone: boolean } => {
    const seen = existing.get(event.paymentId);
    if (seen)
      return { verdict: seen.verdict, reasons: JSON.parse(seen.reasons) as string[], alreadyDone: true };
    const at = Date.parse(event.createdAt);
    const recent = countRecent.get(event.customerId, at - rules.velocityWindowMs, at)?.n ?? 0;
    const decision = evaluateFraudRules(event.amountMinor, recent + 1, rules);
    insert.run(
      event.paymentId,
      event.customerId,
      event.amountMinor,
      at,
      decision.verdict,
      JSON.stringify(decision.reasons),
    );
    return { ...decision, alreadyDone: false };
  });

  return {
    async handle(event) {
      const { alreadyDone, ...decision } = decide(event);
      return {
        alreadyDone,
        outcome: { paymentId: event.paymentId, customerId: event.customerId, ...decision },
      };
    },
    close() {
      db.close();
    },
  };
}

export const fraudStage: StageDefinition<'fraud'> = {
  ...referenceStage('fraud'),
  create: createFraudStage,
};
