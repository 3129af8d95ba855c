// Measures how fast each stage drains a backlog: `npx tsx bench/stageThroughput.ts [count]`.
// Starts its own broker, publishes `count` payment events, runs the five stages as processes, and prints
// events/s per stage (time from the stages being ready to processed == count). A measurement, not a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTopicsServed } from '../services/runtime/topicReadiness';
import { startBroker } from '../tools/kafka/broker';
import type { StageMetrics } from '../services/runtime/stageMetrics';
import { publishPayments, samplePayment } from '../services/sandbox/paymentEvents';
import { startPipelineSandbox } from '../services/sandbox/pipeline';
import { setTimeout as sleep } from 'node:timers/promises';

const count = Number(process.argv[2] ?? 2000);
const broker = await startBroker();
const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-throughput-'));
try {
  const sourceTopic = `payments-${Date.now()}`;
  const kafka = new Kafka({
    clientId: 'throughput',
    brokers: [broker.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopicsServed(admin, [{ topic: sourceTopic, numPartitions: 3 }]);
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let sent = 0; sent < count; sent += 500) {
    await publishPayments(
      producer,
      sourceTopic,
      Array.from({ length: Math.min(500, count - sent) }, (_, i) => samplePayment(sent + i)),
    );
  }
  await producer.disconnect();
  // The backlog is in place before any stage starts, so each stage's rate is its drain rate.
  const sandbox = await startPipelineSandbox({
    bootstrap: broker.bootstrap,
    dataDir,
    sourceTopic,
    paymentApi: false,
  });
  const started = Date.now();
  const doneAt = new Map<string, number>();
  while (doneAt.size < sandbox.stages.size && Date.now() - started < 300_000) {
    for (const [stage, url] of sandbox.stageHealth) {
      if (doneAt.has(stage) || !url) continue;
      const metrics = (await (await fetch(`${url}/health`)).json()) as StageMetrics;
      if (metrics.processed + metrics.duplicatesSkipped >= count) doneAt.set(stage, Date.now());
    }
    await sleep(100);
  }
  console.log(
    `\n${count} events, 3 partitions, one process per stage (all stages draining at once on this machine)`,
  );
  console.log('stage            seconds   events/s');
  for (const [stage, at] of doneAt) {
    const seconds = (at - started) / 1000;
    console.log(
      `${stage.padEnd(16)}${seconds.toFixed(1).padStart(8)}${(count / seconds).toFixed(0).padStart(11)}`,
    );
  }
  await sandbox.stop();
} finally {
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
