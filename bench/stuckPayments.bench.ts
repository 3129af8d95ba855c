// Stuck payments over a large window. Two parts:
//  A. the classification itself over BENCH_STUCK_EVENTS (default 1,000,000) payment events with their
//     outcomes, in memory: the compact evidence arrays and the streaming accumulator, time and peak RSS;
//  B. end to end against a real broker: BENCH_STUCK_KAFKA_EVENTS (default 200,000) events plus outcomes,
//     read and classified by the full read (every record of the window; stuckEvidence.bench.ts measures
//     the evidence-based answer), against kcat merely consuming the same topics (the peer).
//
//   npm run bench -- stuckPayments
//   BENCH_STUCK_KAFKA_EVENTS=1000000 npm run bench -- stuckPayments
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultPipelineMap, type PipelineMap } from '../shared/pipelineMap';
import { encodeDeadLetterHeaders } from '../shared/dlqHeaders';
import { partitionForKey } from '../shared/partitioner';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { createMapTopics } from '../main/core/test/testPipeline';
import { PaymentEvidence } from '../main/core/payments/stageEvidence';
import { StuckPaymentsAccumulator } from '../main/core/payments/stuckPayments';
import { computeStuckPaymentsFullRead } from '../main/core/payments/stuckFullRead';
import { fmt, markdownTable } from './lib/table';
import {
  benchBroker,
  log,
  machineNote,
  peakRssMiB,
  prefixedDefaultMap,
  timeShell,
  writeResult,
} from './lib/supportBench';

const env = z
  .object({
    BENCH_STUCK_EVENTS: z.coerce.number().int().positive().default(1_000_000),
    BENCH_STUCK_KAFKA_EVENTS: z.coerce.number().int().positive().default(200_000),
  })
  .parse(process.env);

function inMemory(map: PipelineMap, n: number) {
  const now = Date.now();
  const rssBefore = peakRssMiB();
  const t0 = performance.now();
  const evidence = new PaymentEvidence(
    map.stages.map((s) => ({ name: s.name, slaMs: s.slaMs, hasOutcomeTopic: s.outcomeTopic !== undefined })),
  );
  let outcomes = 0;
  map.stages.forEach((s, stage) => {
    if (!s.outcomeTopic) return;
    for (let i = 0; i < n; i++) {
      if (i % 20 === 7) continue; // 5% have no outcome yet
      evidence.addOutcome(stage, `pay-${i.toString(36)}-${i}`);
      outcomes++;
    }
  });
  for (let i = 0; i < n; i += 200)
    evidence.addDeadLetter(0, `pay-${i.toString(36)}-${i}`, now - 1000, 'SmtpError: 554 mailbox unavailable');
  for (let i = 100; i < n; i += 100) evidence.addRetry(1, `pay-${i.toString(36)}-${i}`, now - 1000, 1, false);
  const t1 = performance.now();
  const committed = map.stages.map(() => new Map<number, bigint>([[0, BigInt(Math.floor(n * 0.9))]]));
  const acc = new StuckPaymentsAccumulator(map, evidence, committed, { limit: 500 }, now);
  for (let i = 0; i < n; i++) acc.addEvent(`pay-${i.toString(36)}-${i}`, null, 0, String(i), now - (n - i));
  const result = acc.result(now - n, now, 0);
  const t2 = performance.now();
  return {
    n,
    outcomes,
    evidenceMs: t1 - t0,
    classifyMs: t2 - t1,
    totalMs: t2 - t0,
    rss: peakRssMiB(),
    rssBefore,
    stuck: result.stuck,
    counts: result.counts,
  };
}

async function endToEnd(bootstrap: string, n: number) {
  const prefix = `bench-stuck-${Date.now().toString(36)}`;
  const map = prefixedDefaultMap(prefix);
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  const partitions = 6;
  await createMapTopics(records, map, partitions);
  const dir = mkdtempSync(join(tmpdir(), 'bench-stuck-'));
  const ids = Array.from({ length: n }, (_, i) => `pay-${i.toString(36)}-${i}`);
  const sourceFile = join(dir, 'source.txt');
  writeFileSync(
    sourceFile,
    ids
      .map(
        (id, i) =>
          `${id}\t${JSON.stringify({ paymentId: id, customerId: `c-${i % 5000}`, amountMinor: 1000 + (i % 9000), currency: 'EUR' })}`,
      )
      .join('\n') + '\n',
  );
  const from = Date.now() - 1000;
  log(`producing ${n} source events and outcomes for 4 stages with kcat`);
  await timeShell(
    `kcat -P -b ${bootstrap} -t ${map.sourceTopic} -K '\t' -X partitioner=murmur2_random -z lz4 -l ${sourceFile}`,
  );
  const outcomeFile = join(dir, 'outcome.txt');
  writeFileSync(
    outcomeFile,
    ids
      .filter((_, i) => i % 20 !== 7)
      .map((id) => `${id}\t{"done":true}`)
      .join('\n') + '\n',
  );
  const outcomeTopics = map.stages.flatMap((s) => (s.outcomeTopic ? [s.outcomeTopic] : []));
  for (const t of outcomeTopics)
    await timeShell(
      `kcat -P -b ${bootstrap} -t ${t} -K '\t' -X partitioner=murmur2_random -z lz4 -l ${outcomeFile}`,
    );
  const dlq = map.stages[0]!;
  const dead = ids.filter((_, i) => i % 20 === 7).slice(0, Math.ceil(n / 200));
  const headers = Object.entries(
    encodeDeadLetterHeaders({
      originalTopic: map.sourceTopic,
      partition: 0,
      offset: '0',
      timestamp: Date.now(),
      consumerGroup: dlq.consumerGroup,
      exceptionClass: 'SmtpError',
      message: '554 mailbox unavailable',
      stacktrace: '',
      attempts: 3,
      firstFailureAt: Date.now(),
      stage: dlq.name,
      errorClass: 'transient',
    }),
  ).map(([key, value]) => ({ key, value }));
  for (let i = 0; i < dead.length; i += 1000) {
    await records.produce(
      dead.slice(i, i + 1000).map((id) => ({
        topic: dlq.dlqTopic,
        partition: partitionForKey(id, partitions),
        key: id,
        value: '{}',
        headers,
      })),
    );
  }

  const rssBefore = peakRssMiB();
  const t0 = performance.now();
  const at = Date.now();
  const result = await computeStuckPaymentsFullRead(
    { records, map, now: () => at },
    { from, limit: 500 },
    { from, to: at, now: at },
  );
  const consoleMs = performance.now() - t0;
  await records.close();
  const topics = [map.sourceTopic, ...outcomeTopics];
  const peer = await timeShell(
    topics.map((t) => `kcat -C -b ${bootstrap} -t ${t} -e -q -f '%k\\n' | wc -l`).join(' && '),
  );
  const peerCount = peer.stdout
    .trim()
    .split('\n')
    .reduce((s, x) => s + Number(x), 0);
  return {
    n,
    result,
    consoleMs,
    rss: peakRssMiB(),
    rssBefore,
    peerMs: peer.ms,
    peerCount,
    recordsRead: n + outcomeTopics.length * (n - Math.ceil(n / 20)) + dead.length,
  };
}

const map = defaultPipelineMap();
log(`in-memory classification of ${env.BENCH_STUCK_EVENTS} events`);
const a = inMemory(map, env.BENCH_STUCK_EVENTS);
const { bootstrap, stop } = await benchBroker();
let b: Awaited<ReturnType<typeof endToEnd>>;
try {
  b = await endToEnd(bootstrap, env.BENCH_STUCK_KAFKA_EVENTS);
} finally {
  await stop();
}
const rows: (string | number)[][] = [
  [
    'A. classify in memory (evidence + stream)',
    a.n.toLocaleString('en'),
    `${fmt(a.totalMs / 1000, 2)} s`,
    `${fmt(a.evidenceMs / 1000, 2)} s + ${fmt(a.classifyMs / 1000, 2)} s`,
    `${fmt(a.rss, 0)} MiB`,
    `${a.stuck.toLocaleString('en')} stuck`,
  ],
  [
    'B. full read: read topics + classify',
    b.n.toLocaleString('en'),
    `${fmt(b.consoleMs / 1000, 2)} s`,
    `${b.recordsRead.toLocaleString('en')} records read`,
    `${fmt(b.rss, 0)} MiB`,
    `${b.result.stuck.toLocaleString('en')} stuck, receipts done ${b.result.counts.receipts?.done ?? 0}`,
  ],
  [
    'B. peer: kcat consumes the same topics',
    b.n.toLocaleString('en'),
    `${fmt(b.peerMs / 1000, 2)} s`,
    `${b.peerCount.toLocaleString('en')} records`,
    'n/a',
    'no classification',
  ],
];
writeResult(
  'stuckPayments',
  `## Stuck payments (${new Date().toISOString()})\n\n` +
    markdownTable(['what', 'payment events', 'time', 'detail', 'peak RSS (process)', 'result'], rows) +
    `\n\nTarget: 1,000,000 events with outcomes under 10 s. Peak RSS is the whole bench process (it includes part A when B runs). ${machineNote()}`,
);
