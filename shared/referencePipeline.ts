// Topic and group names of the reference pipeline. Everything else derives from these; all are defaults
// that the pipeline map (and the services' config) may override.
export const SOURCE_TOPIC = 'payments.succeeded';
export const REDELIVERY_LEDGER_TOPIC = 'eventdesk.redeliveries';

/** Delays of the reference pipeline's retry tiers: retry.1 after 1 s, retry.2 after 10 s, retry.3 after 60 s. */
export const DEFAULT_RETRY_TIER_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

/** What the console needs to know of a stage; the stage's code (services/stages/) adds the handler. */
export interface StageDescriptor {
  name: string;
  /** Optional outcome events that prove the stage finished, e.g. `receipts.sent`. */
  outcomeTopic?: string;
  /** How long a payment may wait for this stage before the console calls it stuck. */
  slaMs: number;
}

/**
 * The reference stages, in pipeline order: the one list. The services' registry is typed against it (a stage
 * missing on either side does not compile) and the console's default pipeline map is built from it.
 */
export const REFERENCE_STAGES = [
  { name: 'receipts', outcomeTopic: 'receipts.sent', slaMs: 5 * 60_000 },
  { name: 'fraud', outcomeTopic: 'fraud.verdicts', slaMs: 2 * 60_000 },
  // Analytics may lag: nobody waits for it.
  { name: 'analytics', slaMs: 30 * 60_000 },
  { name: 'notifications', outcomeTopic: 'notifications.sent', slaMs: 5 * 60_000 },
  { name: 'cashback', outcomeTopic: 'cashback.credited', slaMs: 60 * 60_000 },
] as const satisfies readonly StageDescriptor[];

export type StageName = (typeof REFERENCE_STAGES)[number]['name'];

export const STAGES: readonly StageName[] = REFERENCE_STAGES.map((stage) => stage.name);

/** The descriptor of one reference stage. */
export function referenceStage<N extends StageName>(name: N): StageDescriptor & { name: N } {
  const found = REFERENCE_STAGES.find((stage) => stage.name === name);
  if (!found) throw new Error(`"${name}" is no reference stage`);
  return { ...found, name };
}

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
