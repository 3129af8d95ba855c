// Invariants under a partition leader crash in a three-node cluster (replication 3, min ISR 2): payments go
// through the real API (outbox relay) to the receipts stage while the node leading a partition is SIGKILLed,
// the controller moves leadership to an in-sync follower, and the node is restarted and catches up.
// Nothing acknowledged may be lost: every accepted payment is published and receipted exactly once, and
// charged once. Checked against the card processor's ledger, the source topic and the SMTP mailbox.
// The cluster is this file's own (killing the shared broker would break the other tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { dlqTopic, redeliveryTopic } from '../../shared/referencePipeline';
import { startCluster, type RunningCluster } from '../../tools/kafka/cluster';
import { uniqueName } from '../../tools/test/names';
import { startPipelineSandbox, type PipelineSandbox } from '../sandbox/pipeline';
import { startTraffic, type TrafficStats } from '../traffic/generator';
import { checkChargesOnce, checkReceipts } from './checker';
import { collectTopic, redeliveryMessage, testKafka, type TopicCollector, waitFor } from './harness';

const root = mkdtempSync(join(tmpdir(), 'eventdesk-failover-'));
let cluster: RunningCluster | undefined;
const sandboxes: PipelineSandbox[] = [];
const collectors: TopicCollector[] = [];

beforeAll(async () => {
  cluster = await startCluster({ brokers: 3 });
}, 180_000);

// Each test starts from a cluster with every node up and every replica in sync (the previous test healed it).
beforeEach(async () => {
  for (const node of cluster!.nodes) if (!node.running) await node.restart();
  await cluster!.waitHealthy(60_000);
}, 90_000);

afterAll(async () => {
  await Promise.all(collectors.map((c) => c.stop().catch(() => {})));
  for (const sandbox of sandboxes) await sandbox.stop().catch(() => {});
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

async function startPipeline(label: string): Promise<PipelineSandbox> {
  const sandbox = await startPipelineSandbox({
    bootstrap: cluster!.bootstrap,
    dataDir: join(root, label),
    sourceTopic: uniqueName('payments.succeeded'),
    groupSuffix: uniqueName('t'),
    tierDelaysMs: [200, 1000],
    stages: ['receipts'],
    sessionTimeoutMs: 6000,
  });
  sandboxes.push(sandbox);
  return sandbox;
}

async function collect(topic: string): Promise<TopicCollector> {
  const collector = await collectTopic(testKafka(cluster!.bootstrap), topic);
  collectors.push(collector);
  return collector;
}

/** Kills the leader of `partition` and measures how long until every partition of the topic has a live leader. */
async function killLeader(topic: string, partition: number) {
  const victim = (await cluster!.leaders(topic)).get(partition);
  if (victim === undefined || victim < 0) throw new Error(`${topic}/${partition} has no leader`);
  const killedAt = Date.now();
  await cluster!.node(victim).kill('SIGKILL');
  const failoverMs = await waitFor(
    `a new leader for every partition of ${topic}`,
    async () => {
      const leaders = await cluster!.leaders(topic).catch(() => null);
      return !!leaders && [...leaders.values()].every((l) => l >= 0 && l !== victim);
    },
    30_000,
    200,
  );
  return { victim, killedAt, failoverMs };
}

/** Restarts the node and measures how long until it is back and every replica is in sync again. */
async function healNode(victim: number, killedAt: number) {
  const startedAt = Date.now();
  await cluster!.node(victim).restart();
  await cluster!.waitHealthy(60_000);
  return { downMs: startedAt - killedAt, healMs: Date.now() - startedAt };
}

interface Counts {
  accepted: number;
  published: number;
  charged: number;
  receipted: number;
}

/** The checker's verdict over what the outside world saw: processor ledger, source topic, mailbox. */
function verdict(sandbox: PipelineSandbox, source: TopicCollector, stats: TrafficStats) {
  const processor = sandbox.processor!;
  const charged = processor.successfulCharges().map((c) => c.reference);
  const published = new Set(source.records.map((r) => r.key));
  const receipts = checkReceipts(sandbox.smtp.mailbox(), charged);
  const counts: Counts = {
    accepted: stats.succeeded,
    published: charged.filter((id) => published.has(id)).length,
    charged: new Set(charged).size,
    receipted: charged.length - receipts.missing.length,
  };
  return { counts, receipts, chargedTwice: checkChargesOnce(processor.charges()).chargedTwice, charged };
}

it('leader of payments.succeeded SIGKILLed mid-traffic and restarted: nothing lost, charged once, one receipt each', async () => {
  const testStartedAt = Date.now();
  const sandbox = await startPipeline('source-leader');
  const { api, smtp } = sandbox;
  if (!api) throw new Error('the sandbox did not start the payment API');
  const source = await collect(sandbox.sourceTopic);

  const traffic = startTraffic({ apiUrl: api.url, ratePerSec: 10, durationMs: 12_000, customers: 50 });
  await waitFor('receipts to flow before the crash', () => smtp.mailbox().delivered.length >= 10, 30_000);
  const { victim, killedAt, failoverMs } = await killLeader(sandbox.sourceTopic, 0);
  // Traffic keeps being accepted (and relayed to the new leaders) while the old leader is down.
  const acceptedAtKill = traffic.stats().succeeded;
  await waitFor(
    'payments to be accepted during the outage',
    () => traffic.stats().succeeded >= acceptedAtKill + 10,
    30_000,
  );
  const { downMs, healMs } = await healNode(victim, killedAt);
  const stats = await traffic.finished;
  await api.relay!.drained(30_000);

  const { charged } = verdict(sandbox, source, stats);
  expect(charged.length).toBeGreaterThanOrEqual(60);
  const settleMs = await waitFor(
    'every charged payment to be published and receipted',
    () => {
      const { counts } = verdict(sandbox, source, stats);
      return counts.published === counts.charged && counts.receipted === counts.charged;
    },
    60_000,
    200,
  );
  const { counts, receipts, chargedTwice } = verdict(sandbox, source, stats);
  expect(chargedTwice).toEqual([]);
  expect(counts.accepted).toBe(counts.charged);
  expect(receipts).toEqual({ missing: [], duplicatedInMailbox: [], extraTransmissions: 0, unexpected: [] });
  console.log(
    `[leader failover: payments.succeeded] node ${victim} (leader of partition 0) SIGKILLed; ` +
      `accepted=${counts.accepted} published=${counts.published} charged=${counts.charged} receipted=${counts.receipted}; ` +
      `new leaders after ${failoverMs} ms, down ${downMs} ms, back and in sync ${healMs} ms after its restart, ` +
      `all receipted ${settleMs} ms after traffic ended; relay failed attempts=${api.relay!.stats().failedAttempts}; ` +
      `wall ${Date.now() - testStartedAt} ms`,
  );
});

it('leader of the receipts DLQ SIGKILLed while payments are dead-lettering: redelivery gives one receipt each', async () => {
  const testStartedAt = Date.now();
  const sandbox = await startPipeline('dlq-leader');
  const { api, smtp } = sandbox;
  if (!api) throw new Error('the sandbox did not start the payment API');
  const source = await collect(sandbox.sourceTopic);
  const dlqName = dlqTopic('receipts', sandbox.sourceTopic);
  const dlq = await collect(dlqName);

  // SMTP down from the start: payments walk the retry tiers (200 ms, 1 s) into the DLQ.
  await smtp.setMode({ mode: 'down' });
  // Traffic outlasts the failover by far, so payments keep dead-lettering after the kill however slow the box is.
  const traffic = startTraffic({ apiUrl: api.url, ratePerSec: 10, durationMs: 20_000, customers: 50 });
  await waitFor('payments to reach the DLQ', () => dlq.records.length >= 3, 30_000);
  const { victim, killedAt, failoverMs } = await killLeader(dlqName, dlq.records[0]!.partition);
  // Dead-lettering goes on through the failover: the stage's DLQ producer has to find the new leader.
  const deadAtKill = dlq.records.length;
  await waitFor(
    'more payments to be dead-lettered after the crash',
    () => dlq.records.length >= deadAtKill + 3,
    60_000,
  );
  await smtp.setMode({ mode: 'normal' });
  const smtpBackAt = Date.now();
  const { downMs, healMs } = await healNode(victim, killedAt);
  const stats = await traffic.finished;
  await api.relay!.drained(30_000);

  // Every payment is now either receipted or dead-lettered (nothing is stuck in between).
  await waitFor(
    'each payment to be receipted or dead-lettered',
    () => {
      const { counts, receipts } = verdict(sandbox, source, stats);
      const dead = new Set(dlq.records.map((r) => r.key));
      return counts.published === counts.charged && receipts.missing.every((id) => dead.has(id));
    },
    60_000,
    200,
  );
  const firstPass = verdict(sandbox, source, stats);
  const deadLetters = [...dlq.records];
  const deadIds = new Set(deadLetters.map((r) => r.key));
  expect(firstPass.receipts.missing.length).toBeGreaterThan(0);

  // Redeliver every dead letter (as the console does) to the receipts stage only.
  const producer = testKafka(cluster!.bootstrap).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: redeliveryTopic('receipts', sandbox.sourceTopic),
      messages: deadLetters.map((r, i) => redeliveryMessage(r, `failover-${i}`)),
    });
  } finally {
    await producer.disconnect();
  }
  const drainMs = await waitFor(
    'every payment to have a receipt',
    () => verdict(sandbox, source, stats).receipts.missing.length === 0,
    60_000,
    200,
  );

  const { counts, receipts, chargedTwice } = verdict(sandbox, source, stats);
  expect(chargedTwice).toEqual([]);
  expect(counts.accepted).toBe(counts.charged);
  expect(counts.published).toBe(counts.charged);
  expect(receipts).toEqual({ missing: [], duplicatedInMailbox: [], extraTransmissions: 0, unexpected: [] });
  console.log(
    `[leader failover: receipts DLQ] node ${victim} (leader of the DLQ partition) SIGKILLed after ${deadAtKill} dead letters; ` +
      `accepted=${counts.accepted} published=${counts.published} charged=${counts.charged} receipted=${counts.receipted}; ` +
      `dead letters=${deadLetters.length} (distinct payments ${deadIds.size}); ` +
      `new leaders after ${failoverMs} ms, down ${downMs} ms (SMTP back ${smtpBackAt - killedAt} ms after the kill), back and in sync ${healMs} ms after its restart; ` +
      `redelivery → all receipted in ${drainMs} ms; wall ${Date.now() - testStartedAt} ms`,
  );
});
