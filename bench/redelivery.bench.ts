// A redelivery job of BENCH_REDELIVERY_RECORDS (default 2,000; the figure is 10,000) dead letters at
// BENCH_REDELIVERY_RATE records/s (default 500): achieved rate while moving, duplicates in the target
// (must be 0), and the time from "start" to the confirmed outcome of a single redelivery through a
// stand-in stage (a real consumer-group member that emits the outcome event).
//
//   npm run bench -- redelivery
//   BENCH_REDELIVERY_RECORDS=10000 BENCH_REDELIVERY_RATE=500 npm run bench -- redelivery
import { z } from 'zod';
import { encodeDeadLetterHeaders } from '../shared/dlqHeaders';
import { partitionForKey } from '../shared/partitioner';
import { isolatedPipelineMap, type PipelineMap } from '../shared/pipelineMap';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import type { KafkaRecord } from '../main/core/kafka/recordPort';
import { startEchoStage } from '../main/core/test/kafkaFixtures';
import { RedeliveryService } from '../main/core/redelivery/redeliveryService';
import { fmt, markdownTable } from './lib/table';
import { benchBroker, log, machineNote, writeResult } from './lib/supportBench';
import { setTimeout as sleep } from 'node:timers/promises';

const env = z
  .object({
    BENCH_REDELIVERY_RECORDS: z.coerce.number().int().positive().default(2_000),
    BENCH_REDELIVERY_RATE: z.coerce.number().positive().default(500),
  })
  .parse(process.env);

function benchMap(prefix: string): PipelineMap {
  return isolatedPipelineMap(prefix, [{ name: 'receipts', retryTiers: 0, outcome: true, slaMs: 300_000 }]);
}

const { bootstrap, stop } = await benchBroker();
const rows: (string | number)[][] = [];
try {
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  const n = env.BENCH_REDELIVERY_RECORDS;
  const map = benchMap(`bench-redeliver-${Date.now().toString(36)}`);
  const stage = map.stages[0]!;
  for (const t of [map.sourceTopic, stage.dlqTopic, stage.redeliveryTopic, stage.outcomeTopic!])
    await records.ensureTopic(t, { partitions: 6 });
  const headers = Object.entries(
    encodeDeadLetterHeaders({
      originalTopic: map.sourceTopic,
      partition: 0,
      offset: '0',
      timestamp: Date.now(),
      consumerGroup: stage.consumerGroup,
      exceptionClass: 'SmtpError',
      message: 'connect ECONNREFUSED 127.0.0.1:2525',
      stacktrace: '',
      attempts: 3,
      firstFailureAt: Date.now(),
      stage: 'receipts',
      errorClass: 'transient',
    }),
  ).map(([key, value]) => ({ key, value }));
  const ids = Array.from({ length: n }, (_, i) => `pay-${i}`);
  log(`producing ${n} dead letters`);
  for (let i = 0; i < n; i += 2000) {
    await records.produce(
      ids.slice(i, i + 2000).map((id) => ({
        topic: stage.dlqTopic,
        partition: partitionForKey(id, 6),
        key: id,
        value: JSON.stringify({ paymentId: id }),
        headers: [{ key: 'ce_id', value: new TextEncoder().encode(`ce-${id}`) }, ...headers],
      })),
    );
  }
  // The job of n records: the stage is not running (override), so it measures moving only.
  const service = new RedeliveryService({
    records,
    map: () => map,
    who: () => 'bench',
    now: Date.now,
    health: { samples: 1 },
    confirm: { timeoutMs: 0 },
  });
  const plan = await service.plan(stage.dlqTopic, { kind: 'all' });
  const job = await service.start({
    dlqTopic: stage.dlqTopic,
    selection: { kind: 'all' },
    why: 'bench',
    ratePerSecond: env.BENCH_REDELIVERY_RATE,
    overrideHealth: true,
  });
  const started = performance.now();
  let movedAt = 0;
  for (;;) {
    const s = await service.status(job.jobId);
    if (s.state !== 'running') {
      movedAt = performance.now();
      break;
    }
    await sleep(20);
  }
  const final = await service.wait(job.jobId);
  const seconds = (movedAt - started) / 1000;
  // Duplicates: read the whole target topic and count keys.
  const marks = await records.watermarks(stage.redeliveryTopic);
  const seen = new Map<string, number>();
  await records.read(
    [
      {
        topic: stage.redeliveryTopic,
        ranges: marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high })),
      },
    ],
    {
      onBatch: (batch: KafkaRecord[]) => {
        for (const r of batch) {
          const k = new TextDecoder().decode(r.key!);
          seen.set(k, (seen.get(k) ?? 0) + 1);
        }
      },
    },
  );
  const duplicates = [...seen.values()].reduce((d, c) => d + (c - 1), 0);
  rows.push([
    `job of ${n.toLocaleString('en')} records`,
    `${env.BENCH_REDELIVERY_RATE}/s`,
    `${fmt(final.moved / seconds, 0)}/s`,
    `${fmt(seconds, 1)} s`,
    `${final.moved} moved of ${plan.toMove}`,
    duplicates,
    seen.size === n ? 'every record once' : `${seen.size} of ${n} present`,
  ]);

  // One click → confirmed receipt, through a stand-in stage.
  const echo = await startEchoStage(bootstrap, {
    groupId: stage.consumerGroup,
    topics: [stage.redeliveryTopic],
    outcomeTopic: stage.outcomeTopic!,
  });
  try {
    const single = `single-${Date.now()}`;
    await records.produce([
      { topic: stage.dlqTopic, partition: partitionForKey(single, 6), key: single, value: '{}', headers },
    ]);
    const fast = new RedeliveryService({
      records,
      map: () => map,
      who: () => 'bench',
      now: Date.now,
      health: { samples: 1 },
      confirm: { intervalMs: 100, timeoutMs: 60_000 },
    });
    const t0 = performance.now();
    const one = await fast.start({
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'payment', paymentId: single },
      why: 'bench single',
      ratePerSecond: 10,
      overrideHealth: false,
    });
    const done = await fast.wait(one.jobId);
    rows.push([
      'single redelivery: start → confirmed outcome',
      '',
      '',
      `${fmt((performance.now() - t0) / 1000, 2)} s`,
      `${done.moved} moved, ${done.confirmed} confirmed`,
      0,
      'stand-in stage (consumer + outcome event)',
    ]);
  } finally {
    await echo.stop();
  }
  await records.close();
} finally {
  await stop();
}
writeResult(
  'redelivery',
  `## Redelivery jobs (${new Date().toISOString()})\n\n` +
    markdownTable(
      ['what', 'configured rate', 'achieved rate', 'time', 'moved', 'duplicates', 'notes'],
      rows,
    ) +
    `\n\nThe achieved rate is measured over the moving phase (claims, produce, ledger results). ${machineNote()}`,
);
