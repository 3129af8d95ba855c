// Stuck payments from evidence: a window of BENCH_EVIDENCE_EVENTS (default 1,000,000) source events at
// 50 a second (so 1,000,000 span 5.5 hours), every one with its receipts outcome except the not-done ones,
// and BENCH_EVIDENCE_NOT_DONE (default 1,000) not done: dead-lettered at receipts (spread over the window),
// not yet consumed by fraud (its lag), and retrying at notifications (recent). The console's first answer
// against kcat consuming the window's source topic (the peer), in the same run; then a refresh after
// 1,000 new events (with outcomes and moved commits). The console runs in a process of its own
// (lib/evidenceConsole.ts), so its CPU and peak RSS are measured apart from the data generator's.
//
//   BENCH_BOOTSTRAP=127.0.0.1:9092 npm run bench -- stuckEvidence
//   BENCH_EVIDENCE_EVENTS=10000000 npm run bench -- stuckEvidence
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PipelineMap } from '../shared/pipelineMap';
import { encodeDeadLetterHeaders } from '../shared/dlqHeaders';
import { partitionForKey } from '../shared/partitioner';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import type { ProduceRecord, RecordPort } from '../main/core/kafka/recordPort';
import { createMapTopics } from '../main/core/test/testPipeline';
import { commitGroupOffsets } from '../main/core/test/kafkaFixtures';
import type { EvidenceAnswer, EvidenceAsk } from './lib/evidenceConsole';
import { fmt, markdownTable } from './lib/table';
import {
  benchBroker,
  log,
  machineNote,
  prefixedDefaultMap,
  timeShell,
  writeResult,
} from './lib/supportBench';

const env = z
  .object({
    BENCH_EVIDENCE_EVENTS: z.coerce.number().int().positive().default(1_000_000),
    BENCH_EVIDENCE_NOT_DONE: z.coerce.number().int().positive().default(1_000),
  })
  .parse(process.env);

const PARTITIONS = 6;
const EVERY_MS = 20;
const NEW_EVENTS = 1_000;
/** Events generated and produced at a time. */
const CHUNK = 20_000;

async function produceAll(records: RecordPort, all: ProduceRecord[]) {
  const BATCH = 20_000;
  const produced = [];
  for (let i = 0; i < all.length; i += BATCH)
    produced.push(...(await records.produce(all.slice(i, i + BATCH))));
  return produced;
}

async function commitAll(
  bootstrap: string,
  records: RecordPort,
  map: PipelineMap,
  lagPerPartition: Map<string, number>,
) {
  const marks = await records.watermarks(map.sourceTopic);
  for (const stage of map.stages)
    await commitGroupOffsets(
      bootstrap,
      stage.consumerGroup,
      map.sourceTopic,
      marks.map((m) => ({
        partition: m.partition,
        offset: String(Number(m.high) - (lagPerPartition.get(stage.name) ?? 0)),
      })),
    );
}

const { bootstrap, stop } = await benchBroker();
try {
  const n = env.BENCH_EVIDENCE_EVENTS;
  const notDone = env.BENCH_EVIDENCE_NOT_DONE;
  const prefix = `bench-evidence-${Date.now().toString(36)}`;
  const map = prefixedDefaultMap(prefix);
  const [receipts, fraud, , notifications] = map.stages;
  const records = createKafkajsRecords({ brokers: [bootstrap] });
  await createMapTopics(records, map, PARTITIONS);
  const now = Date.now();
  const t0 = now - n * EVERY_MS;
  const id = (i: number) => `pay-${i.toString(36)}-${i}`;
  const deadCount = Math.floor(notDone / 2);
  const lagPerPartition = Math.floor((notDone * 3) / 10 / PARTITIONS);
  const retryCount = notDone - deadCount - lagPerPartition * PARTITIONS;
  const deadEvery = Math.floor(n / deadCount);
  const isDead = (i: number) => i % deadEvery === 7 && i / deadEvery < deadCount;
  const isRetrying = (i: number) =>
    i >= n - 3000 && (i - (n - 3000)) % 10 === 3 && (i - (n - 3000)) / 10 < retryCount;

  log(`producing ${n.toLocaleString('en')} events and their outcomes`);
  const produceStarted = performance.now();
  const events = (from: number, to: number, time: (i: number) => number): ProduceRecord[] =>
    Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      return {
        topic: map.sourceTopic,
        partition: partitionForKey(id(i), PARTITIONS),
        key: id(i),
        value: JSON.stringify({
          paymentId: id(i),
          customerId: `c-${i % 5000}`,
          amountMinor: 1000 + (i % 9000),
        }),
        timestamp: time(i),
        headers: [{ key: 'ce_id', value: new TextEncoder().encode(`ce-${i}`) }],
      };
    });
  const outcomes = (from: number, to: number, time: (i: number) => number): ProduceRecord[] =>
    Array.from({ length: to - from }, (_, k) => from + k)
      .filter((i) => !isDead(i))
      .map((i) => ({
        topic: receipts!.outcomeTopic!,
        partition: partitionForKey(id(i), PARTITIONS),
        key: id(i),
        value: '{"sent":true}',
        timestamp: time(i) + 500,
      }));
  // In chunks, so a window of 10,000,000 events never sits in memory; only the positions of the events
  // in the failure chain are kept (their dead letters and retries name them).
  const chainAt = new Map<number, { partition: number; offset: string }>();
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    const produced = await records.produce(events(from, to, (i) => t0 + i * EVERY_MS));
    for (let i = from; i < to; i++) if (isDead(i) || isRetrying(i)) chainAt.set(i, produced[i - from]!);
    await records.produce(outcomes(from, to, (i) => t0 + i * EVERY_MS));
    if (from % (CHUNK * 50) === 0 && from > 0) log(`${from.toLocaleString('en')} events produced`);
  }
  const failure = (i: number, stage: string) =>
    Object.entries(
      encodeDeadLetterHeaders({
        originalTopic: map.sourceTopic,
        partition: chainAt.get(i)!.partition,
        offset: chainAt.get(i)!.offset,
        timestamp: t0 + i * EVERY_MS,
        consumerGroup: `${prefix}-${stage}`,
        exceptionClass: 'SmtpError',
        message: '554 mailbox unavailable',
        stacktrace: '',
        attempts: 3,
        firstFailureAt: t0 + i * EVERY_MS,
        stage,
        errorClass: 'transient',
      }),
    ).map(([key, value]) => ({ key, value }));
  const chain: ProduceRecord[] = [];
  for (let i = 0; i < n; i++) {
    const at = t0 + i * EVERY_MS + 3000;
    const base = { partition: partitionForKey(id(i), PARTITIONS), key: id(i), value: '{}' };
    if (isDead(i))
      chain.push({ ...base, topic: receipts!.dlqTopic, timestamp: at, headers: failure(i, 'receipts') });
    if (isRetrying(i))
      chain.push({
        ...base,
        topic: notifications!.retryTopics[0]!,
        timestamp: at,
        headers: failure(i, 'notifications'),
      });
  }
  await produceAll(records, chain);
  await commitAll(bootstrap, records, map, new Map([[fraud!.name, lagPerPartition]]));
  const produceMs = performance.now() - produceStarted;
  log(`produced in ${fmt(produceMs / 1000, 1)} s; computing`);

  // The console in its own process: its peak RSS is the console's, not the generator's.
  const consoleProcess = fork(fileURLToPath(new URL('./lib/evidenceConsole.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
  });
  const ask = (message: EvidenceAsk) =>
    new Promise<EvidenceAnswer>((resolve, reject) => {
      consoleProcess.once('message', (reply: { ok?: EvidenceAnswer; error?: string }) =>
        reply.ok ? resolve(reply.ok) : reject(new Error(`console process: ${reply.error}`)),
      );
      consoleProcess.send(message);
    });
  const consoleAsk: EvidenceAsk = { bootstrap, prefix, from: t0 - 1000 };
  const first = await ask(consoleAsk);

  const peer = await timeShell(`kcat -C -b ${bootstrap} -t ${map.sourceTopic} -e -q -f '%k\\n' | wc -l`);

  log(`adding ${NEW_EVENTS} events and refreshing`);
  await records.produce(events(n, n + NEW_EVENTS, () => Date.now()));
  await records.produce(outcomes(n, n + NEW_EVENTS, () => Date.now()));
  await commitAll(bootstrap, records, map, new Map([[fraud!.name, lagPerPartition]]));
  const refreshed = await ask(consoleAsk);
  consoleProcess.send('exit');
  await records.close();
  const notDoneFound = first.stuck;
  const rows: (string | number)[][] = [
    [
      'console: first answer (evidence)',
      first.events.toLocaleString('en'),
      `${fmt(first.wallMs / 1000, 2)} s`,
      `${fmt(first.cpuMs, 0)} ms`,
      `${first.recordsRead.toLocaleString('en')} records read`,
      `${fmt(first.rssPeakMiB, 0)} MiB (${fmt(first.rssBeforeMiB, 0)} connected)`,
      `${notDoneFound.toLocaleString('en')} not done`,
    ],
    [
      'peer: kcat consumes the source topic',
      Number(peer.stdout.trim()).toLocaleString('en'),
      `${fmt(peer.ms / 1000, 2)} s`,
      'n/a',
      `${Number(peer.stdout.trim()).toLocaleString('en')} records`,
      'n/a',
      'no classification',
    ],
    [
      `console: refresh after ${NEW_EVENTS.toLocaleString('en')} new events`,
      refreshed.events.toLocaleString('en'),
      `${fmt(refreshed.wallMs, 0)} ms`,
      `${fmt(refreshed.cpuMs, 0)} ms`,
      `${refreshed.recordsRead.toLocaleString('en')} records read`,
      'n/a',
      `${refreshed.stuck.toLocaleString('en')} not done`,
    ],
  ];
  writeResult(
    'stuckEvidence',
    `## Stuck payments from evidence (${new Date().toISOString()})\n\n` +
      markdownTable(
        ['what', 'events', 'wall time', 'CPU (console process)', 'read', 'peak RSS', 'result'],
        rows,
      ) +
      `\n\nFirst answer / peer: ${fmt(first.wallMs / peer.ms, 3)}x. ${n.toLocaleString('en')} events at one per ${EVERY_MS} ms, receipts outcomes for all but the dead-lettered, ` +
      `${notDone.toLocaleString('en')} not done (${deadCount} dead-lettered at receipts, ${lagPerPartition * PARTITIONS} not yet consumed by fraud, ${retryCount} retrying at notifications); ` +
      `the console's code runs in a process of its own (as in its engine worker), connected before the first answer, so its peak RSS is the console's alone. Producing took ${fmt(produceMs / 1000, 0)} s. ${machineNote()}`,
  );
} finally {
  await stop();
}
