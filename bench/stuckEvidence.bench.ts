// Stuck payments from evidence: a window of BENCH_EVIDENCE_EVENTS (default 1,000,000) source events at
// 50 a second (so 1,000,000 span 5.5 hours), every one with its receipts outcome except the not-done ones,
// and BENCH_EVIDENCE_NOT_DONE (default 1,000) not done: dead-lettered at receipts (spread over the window),
// not yet consumed by fraud (its lag), and retrying at notifications (recent). The console's first answer
// against kcat consuming the window's source topic (the peer), in the same run; then a refresh after
// 1,000 new events (with outcomes and moved commits), nine times, the median shown (a console open on
// Payments refreshes every 5 s: the first refreshes also pay V8 for compiling the refresh code). The console runs in a process of its own
// (lib/evidenceConsole.ts), so its CPU and peak RSS are measured apart from the data generator's.
//
//   BENCH_BOOTSTRAP=127.0.0.1:9092 npm run bench -- stuckEvidence
//   BENCH_EVIDENCE_EVENTS=10000000 npm run bench -- stuckEvidence
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PipelineMap } from '../shared/pipelineMap';
import { encodeDeadLetterHeaders } from '../shared/dlqHeaders';
import { partitionForKey } from '../shared/partitioner';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import type { ProduceRecord, RecordPort } from '../main/core/kafka/recordPort';
import { createMapTopics } from '../main/core/test/testPipeline';
import { SEMI_SPACE_FLAG } from '../main/core/workers/youngGeneration';
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
const REFRESH_ROUNDS = 9;
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
let consoleProcess: ChildProcess | undefined;
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
  // Every tenth of the last events, enough of them for retryCount (some also in fraud's lag: counted once).
  const retryFrom = n - Math.max(3000, retryCount * 10);
  const isRetrying = (i: number) =>
    i >= retryFrom && (i - retryFrom) % 10 === 3 && (i - retryFrom) / 10 < retryCount;

  // The console in its own process, forked before the data is made: its memory is the console's alone.
  consoleProcess = fork(fileURLToPath(new URL('./lib/evidenceConsole.ts', import.meta.url)), [], {
    // The console's own launch flag (npm run console, tools/setup.mjs), so its young generation is the shipped one.
    execArgv: [SEMI_SPACE_FLAG, '--import', 'tsx'],
  });
  const ask = (message: EvidenceAsk) =>
    new Promise<EvidenceAnswer>((resolve, reject) => {
      consoleProcess!.once('message', (reply: { ok?: EvidenceAnswer; error?: string }) =>
        reply.ok ? resolve(reply.ok) : reject(new Error(`console process: ${reply.error}`)),
      );
      consoleProcess!.send(message);
    });
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

  const consoleAsk: EvidenceAsk = { bootstrap, prefix, from: t0 - 1000 };
  const first = await ask(consoleAsk);

  const peer = await timeShell(`kcat -C -b ${bootstrap} -t ${map.sourceTopic} -e -q -f '%k\\n' | wc -l`);

  // Refreshes, each after NEW_EVENTS more events with their outcomes and moved commits; the median is shown.
  const refreshes: EvidenceAnswer[] = [];
  for (let round = 0; round < REFRESH_ROUNDS; round++) {
    log(`adding ${NEW_EVENTS} events and refreshing (${round + 1} of ${REFRESH_ROUNDS})`);
    const from = n + round * NEW_EVENTS;
    await records.produce(events(from, from + NEW_EVENTS, () => Date.now()));
    await records.produce(outcomes(from, from + NEW_EVENTS, () => Date.now()));
    await commitAll(bootstrap, records, map, new Map([[fraud!.name, lagPerPartition]]));
    refreshes.push(await ask(consoleAsk));
  }
  const byCpu = [...refreshes].sort((x, y) => x.cpuMs - y.cpuMs);
  const refreshed = byCpu[Math.floor(byCpu.length / 2)]!;
  const spread = (pick: (a: EvidenceAnswer) => number) =>
    `${fmt(Math.min(...refreshes.map(pick)), 0)}–${fmt(Math.max(...refreshes.map(pick)), 0)}`;
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
      `console: refresh after ${NEW_EVENTS.toLocaleString('en')} new events (median of ${REFRESH_ROUNDS})`,
      refreshed.events.toLocaleString('en'),
      `${fmt(refreshed.wallMs, 0)} ms (${spread((a) => a.wallMs)})`,
      `${fmt(refreshed.cpuMs, 0)} ms (${spread((a) => a.cpuMs)}; first ${fmt(refreshes[0]!.cpuMs, 0)})`,
      `${refreshed.recordsRead.toLocaleString('en')} records read`,
      'n/a',
      `${refreshed.stuck.toLocaleString('en')} not done`,
    ],
  ];
  writeResult(
    'stuckEvidence',
    `## Stuck payments from evidence (${new Date().toISOString()})\n\n` +
      markdownTable(
        ['what', 'events', 'wall time', 'CPU (console process)', 'read', 'RSS (sampled)', 'result'],
        rows,
      ) +
      `\n\nFirst answer / peer: ${fmt(first.wallMs / peer.ms, 3)}x. ${n.toLocaleString('en')} events at one per ${EVERY_MS} ms, receipts outcomes for all but the dead-lettered, ` +
      `${notDone.toLocaleString('en')} not done as made (${deadCount} dead-lettered at receipts over the window, ${lagPerPartition * PARTITIONS} not yet consumed by fraud, ${retryCount} retrying at notifications among the last events; an event in two of these is one not-done event); ` +
      `the console's code runs in a process of its own (as in its engine worker), forked before the data was made and connected before the first answer; its RSS is sampled every 5 ms during the answer. Producing took ${fmt(produceMs / 1000, 0)} s. ${machineNote()}`,
  );
} finally {
  // Gone already when it answered 'exit'; a failed run must not leave it behind.
  consoleProcess?.kill();
  await stop();
}
