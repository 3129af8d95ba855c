// The reference payment pipeline for end-to-end tests: the sandbox (payment API, SMTP sink, stages as child
// processes) on unique topics and groups, and a pipeline-map file that points the console at them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PERSONAL_FIELDS, isolatedPipelineMap, type PipelineMap } from '../../shared/pipelineMap';
import {
  dlqTopic,
  referenceStage,
  redeliveryTopic,
  retryTopic,
  type StageName,
} from '../../shared/referencePipeline';
import { startPipelineSandbox, type PipelineSandbox } from '../../services/sandbox/pipeline';
import { uniqueName } from './kafkaSetup';

/** Short retry tiers so a failure reaches the DLQ within a couple of seconds. */
const TIER_DELAYS_MS = [300, 800];
/** Two stages keep the machine light; receipts is the one the scenario is about, fraud shows a healthy one. */
const STAGES: StageName[] = ['receipts', 'fraud'];

export interface PaymentPipeline {
  sandbox: PipelineSandbox;
  /** The map file the console backend reads (EVENTDESK_PIPELINE_MAP's role). */
  mapPath: string;
  map: PipelineMap;
  apiUrl: string;
  stop(): Promise<void>;
}

export function sandboxMap(
  sandbox: PipelineSandbox,
  stages: readonly StageName[],
  ledgerTopic: string,
): PipelineMap {
  const source = sandbox.sourceTopic;
  return {
    name: 'e2e payments',
    sourceTopic: source,
    correlationKey: { from: 'key' },
    ledgerTopic,
    searchableFields: ['email', 'customerId', 'chargeId'],
    maxRedeliveries: 3,
    personalFields: [...DEFAULT_PERSONAL_FIELDS],
    stages: stages.map((stage) => {
      const outcome = referenceStage(stage).outcomeTopic;
      return {
        name: stage,
        consumerGroup: sandbox.groupOf(stage),
        retryTopics: TIER_DELAYS_MS.map((_, i) => retryTopic(stage, i + 1, source)),
        dlqTopic: dlqTopic(stage, source),
        redeliveryTopic: redeliveryTopic(stage, source),
        ...(outcome ? { outcomeTopic: outcome } : {}),
        slaMs: 5 * 60_000,
        personalDataFields: ['email', 'customerId'],
      };
    }),
  };
}

export async function startPaymentPipeline(bootstrap: string): Promise<PaymentPipeline> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-e2e-pipeline-'));
  const run = uniqueName('pay');
  const sandbox = await startPipelineSandbox({
    bootstrap,
    dataDir,
    sourceTopic: `${run}.succeeded`,
    groupSuffix: run,
    stages: STAGES,
    tierDelaysMs: TIER_DELAYS_MS,
    sessionTimeoutMs: 6_000,
    traffic: false,
  });
  if (!sandbox.api) throw new Error('the sandbox did not start the payment API');
  const map = sandboxMap(sandbox, STAGES, `${run}.ledger`);
  const mapPath = join(dataDir, 'e2e-pipeline-map.json');
  writeFileSync(mapPath, JSON.stringify(map, null, 2));
  return {
    sandbox,
    mapPath,
    map,
    apiUrl: sandbox.api.url,
    async stop() {
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A map file with unique topic names for tests that need a ledger of their own but no running pipeline. */
export function writeStandaloneMap(prefix: string): { mapPath: string; map: PipelineMap; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-e2e-map-'));
  const map = isolatedPipelineMap(prefix, [{ name: 'receipts', slaMs: 60_000 }]);
  const mapPath = join(dir, 'pipeline-map.json');
  writeFileSync(mapPath, JSON.stringify(map, null, 2));
  return { mapPath, map, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pays through the real payment API, as a shop would: POST /payments with an Idempotency-Key. */
export async function postPayment(apiUrl: string, customer: string): Promise<string> {
  const response = await fetch(`${apiUrl}/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      customerId: customer,
      amountMinor: 1250,
      currency: 'EUR',
      email: `${customer}@example.test`,
      cardNumber: '4242424242424242',
    }),
  });
  const body = (await response.json()) as { paymentId?: string; message?: string };
  if (response.status !== 201 || !body.paymentId)
    throw new Error(`POST /payments answered ${response.status}: ${body.message ?? JSON.stringify(body)}`);
  return body.paymentId;
}

/** Receipts per payment as the SMTP server accepted them (a resend would count twice here). */
export function receiptsPerPayment(
  sandbox: PipelineSandbox,
  paymentIds: readonly string[],
): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(paymentIds.map((id) => [id, 0]));
  for (const mail of sandbox.smtp.mailbox().received) {
    if (mail.paymentId && mail.paymentId in counts) counts[mail.paymentId]! += 1;
  }
  return counts;
}
