// Topic and group names of the reference pipeline. Everything else derives from these; all are defaults
// that the pipeline map (and the services' config) may override.
export const SOURCE_TOPIC = 'payments.succeeded';
export const REDELIVERY_LEDGER_TOPIC = 'eventdesk.redeliveries';

/** Delays of the reference pipeline's retry tiers: retry.1 after 1 s, retry.2 after 10 s, retry.3 after 60 s. */
export const DEFAULT_RETRY_TIER_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

export const STAGES = ['receipts', 'fraud', 'analytics', 'notifications', 'cashback'] as const;
export type StageName = (typeof STAGES)[number];

/** `payments.succeeded.<stage>.retry.<n>`, n counting from 1. */
export function retryTopic(stage: string, tier: number, source = SOURCE_TOPIC): string {
  return `${source}.${stage}.retry.${tier}`;
}

/** `payments.succeeded.<stage>.dlq`. */
export function dlqTopic(stage: string, source = SOURCE_TOPIC): string {
  return `${source}.${stage}.dlq`;
}

/** Where the console redelivers a dead letter of a stage: that stage's own redelivery topic. */
export function redeliveryTopic(stage: string, source = SOURCE_TOPIC): string {
  return `${source}.${stage}.redelivery`;
}

/** Optional outcome events that prove a stage finished, e.g. `receipts.sent`. */
export const OUTCOME_TOPICS: Partial<Record<StageName, string>> = {
  receipts: 'receipts.sent',
  fraud: 'fraud.verdicts',
  cashback: 'cashback.credited',
  notifications: 'notifications.sent',
};
