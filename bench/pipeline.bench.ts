// Pipeline benchmark: the story's synchronous API vs the event-driven API under the SAME constant offered load,
// with the email provider normal, slow and down; then max accepted payments/s with the outbox, against peers
// (the sync baseline, kafkajs raw produce, Kafka's own ProducerPerformance, kcat) in the same run.
//
//   npm run bench -- pipeline                      # defaults: ~5 minutes
//   BENCH_RATE=50 BENCH_CELL_MS=15000 npm run bench -- pipeline
//   npm run bench -- pipeline --quick              # halves every duration
//
// Latency is open-loop (services/traffic): requests leave on a fixed timetable and are timed from their INTENDED
// start into an HDR histogram, so a stalled server shows up in p99 instead of silently slowing the generator.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { ensureTopicsServed } from '../services/runtime/topicReadiness';
import { runKafkaTool, startBroker, type RunningBroker } from '../tools/kafka/broker';
import { openPaymentStore } from '../services/api/store';
import { countDuplicateCharges, startCardProcessor, type Charge } from '../services/processor/server';
import { startSmsProvider } from '../services/sandbox/smsProvider';
import { startSmtpSink } from '../services/sandbox/smtpSink';
import type { ProviderMode } from '../services/sandbox/providerMode';
import { startTraffic, type PaymentOutcome, type TrafficStats } from '../services/traffic/generator';
import { randomPaymentRequest, runClosedLoop, type ClosedLoopResult } from './lib/closedLoop';
import { spawnPaymentApi, spawnStageRuntime, type ApiProcess } from './lib/processes';
import { cpuSeconds } from './lib/procStat';
import { fmt, markdownTable, pct } from './lib/table';
import { runWrk, wrkAvailable } from './lib/wrkLoad';
import { setTimeout as sleep } from 'node:timers/promises';

const quick = process.argv.includes('--quick');
const envSchema = z.object({
  BENCH_RATE: z.coerce.number().positive().default(20),
  BENCH_CELL_MS: z.coerce.number().int().positive().default(20_000),
  BENCH_WARMUP_MS: z.coerce.number().int().min(0).default(3_000),
  BENCH_SLOW_MS: z.coerce.number().int().min(0).default(300),
  BENCH_PROCESSOR_LATENCY_MS: z.coerce.number().int().min(0).default(20),
  BENCH_RECEIPT_WAIT_MS: z.coerce.number().int().positive().default(45_000),
  // The last tier must outlast a provider outage (warm-up + cell), or receipts go to the DLQ and count as lost here.
  BENCH_RETRY_TIERS: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .default('1000,5000,30000'),
  BENCH_MAX_MS: z.coerce.number().int().positive().default(8_000),
  BENCH_MAX_CONNECTIONS: z.coerce.number().int().positive().default(32),
  BENCH_PRODUCE_RECORDS: z.coerce.number().int().positive().default(50_000),
  BENCH_BOOTSTRAP: z.string().optional(),
});
const env = envSchema.parse(process.env);
const scale = quick ? 0.5 : 1;
const config = {
  rate: env.BENCH_RATE,
  cellMs: Math.round(env.BENCH_CELL_MS * scale),
  warmupMs: Math.round(env.BENCH_WARMUP_MS * scale),
  slowMs: env.BENCH_SLOW_MS,
  processorLatencyMs: env.BENCH_PROCESSOR_LATENCY_MS,
  receiptWaitMs: env.BENCH_RECEIPT_WAIT_MS,
  maxMs: Math.round(env.BENCH_MAX_MS * scale),
  maxConnections: env.BENCH_MAX_CONNECTIONS,
  produceRecords: Math.round(env.BENCH_PRODUCE_RECORDS * scale),
};

const log = (line: string) => console.error(`[bench] ${line}`);
const runId = Date.now().toString(36);
const loadAtStart = (await import('node:os')).loadavg()[0] ?? Number.NaN;
const workDir = mkdtempSync(join(tmpdir(), 'eventdesk-bench-'));
const cleanups: Array<() => Promise<void>> = [];

// ---------------------------------------------------------------------------------------------- set-up
let broker: RunningBroker | undefined;
let bootstrap = env.BENCH_BOOTSTRAP;
if (!bootstrap) {
  broker = await startBroker({ log });
  bootstrap = broker.bootstrap;
  cleanups.push(() => broker!.stop());
}
const topic = `payments.succeeded.bench-${runId}`;
const kafka = new Kafka({
  clientId: 'eventdesk-bench',
  brokers: bootstrap.split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
await admin.connect();
// Created up front with 3 partitions so the consumer never races the relay into auto-creating a 1-partition topic.
await ensureTopicsServed(admin, [{ topic, numPartitions: 3 }]);
await admin.disconnect();

const processor = await startCardProcessor({
  latencyMs: config.processorLatencyMs,
  dedupeByIdempotencyKey: false,
});
const smtp = await startSmtpSink();
const sms = await startSmsProvider();
cleanups.push(
  () => processor.close(),
  () => smtp.stop(),
  () => sms.stop(),
);

// The receipts stage consuming the event-driven API's events, as its own process on the stage runtime
// (retry tiers BENCH_RETRY_TIERS, then the DLQ).
const receiptsStage = await spawnStageRuntime(
  {
    stage: 'receipts',
    bootstrap,
    'data-dir': join(workDir, 'receipts-stage'),
    smtp: `${smtp.host}:${smtp.port}`,
    'sms-url': sms.url,
    tiers: env.BENCH_RETRY_TIERS,
    source: topic,
    group: `receipts-bench-${runId}`,
    'health-port': '0',
  },
  log,
);
cleanups.push(() => receiptsStage.stop());

const stageMetricsSchema = z.object({
  processed: z.number(),
  retried: z.number(),
  deadLettered: z.number(),
  duplicatesSkipped: z.number(),
});
async function receiptsMetricsNow(): Promise<z.infer<typeof stageMetricsSchema> | null> {
  if (!receiptsStage.ready.healthUrl) return null;
  const res = await fetch(`${receiptsStage.ready.healthUrl}/health`);
  return stageMetricsSchema.parse(await res.json());
}

const apis: Record<'sync' | 'event', ApiProcess> = {
  event: await spawnPaymentApi(
    { mode: 'event', bootstrap, topic, 'processor-url': processor.url, data: join(workDir, 'api-event') },
    log,
  ),
  sync: await spawnPaymentApi(
    {
      mode: 'sync',
      'processor-url': processor.url,
      data: join(workDir, 'api-sync'),
      smtp: `${smtp.host}:${smtp.port}`,
      'sms-url': sms.url,
    },
    log,
  ),
};
cleanups.push(
  () => apis.event.stop(),
  () => apis.sync.stop(),
);

// ---------------------------------------------------------------------------------------------- latency cells
interface Cell {
  email: string;
  api: 'sync' | 'event';
  stats: TrafficStats;
  outcomes: PaymentOutcome[];
  recoveredAt: number;
}

const trafficOptions = (apiUrl: string, durationMs: number) => ({
  apiUrl,
  ratePerSec: config.rate,
  durationMs,
  // 5% double clicks (half of them concurrent); failed requests are retried twice with the same key, as apps do.
  retryShare: 0.05,
  retryOnError: { maxAttempts: 3, delayMs: 250 },
  requestTimeoutMs: 5_000,
});

const emailModes: Array<{ label: string; mode: ProviderMode }> = [
  { label: 'normal', mode: { mode: 'normal' } },
  { label: `slow ${config.slowMs} ms`, mode: { mode: 'slow', delayMs: config.slowMs } },
  { label: 'down', mode: { mode: 'down' } },
];

const cells: Cell[] = [];
for (const email of emailModes) {
  const eventCells: Cell[] = [];
  // Event last, so the provider is back to normal right after its cell and its held-back receipts can be counted;
  // the warm-up before it absorbs what the sync cell leaves behind.
  for (const apiMode of ['sync', 'event'] as const) {
    await smtp.setMode(email.mode);
    // Warm-up at the same rate with the same provider mode, not counted: JIT, connection pools, SQLite pages, the
    // relay's producer, and the provider's new state all settle before the measured cell starts.
    if (config.warmupMs > 0) {
      log(
        `warm-up: email ${email.label}, ${apiMode} API, ${config.rate}/s for ${config.warmupMs} ms (not counted)`,
      );
      await startTraffic(trafficOptions(apis[apiMode].url, config.warmupMs)).finished;
    }
    log(`cell: email ${email.label}, ${apiMode} API, ${config.rate}/s for ${config.cellMs} ms`);
    const traffic = startTraffic(trafficOptions(apis[apiMode].url, config.cellMs));
    const stats = await traffic.finished;
    await smtp.setMode({ mode: 'normal' });
    const cell: Cell = {
      email: email.label,
      api: apiMode,
      stats,
      outcomes: traffic.outcomes(),
      recoveredAt: Date.now(),
    };
    cells.push(cell);
    if (apiMode === 'event') eventCells.push(cell);
  }
  // Give the consumer's retry tiers time to deliver the receipts held back by the outage.
  const expected = new Set(
    eventCells.flatMap((c) => c.outcomes.filter((o) => o.status === 201).map((o) => o.paymentId)),
  );
  const deadline = Date.now() + config.receiptWaitMs;
  const missing = () => {
    const delivered = new Set(smtp.mailbox().delivered.map((m) => m.paymentId));
    return [...expected].filter((id) => !delivered.has(id)).length;
  };
  while (missing() > 0 && Date.now() < deadline) await sleep(250);
  log(`after email ${email.label}: ${missing()} event-mode receipts still missing`);
}

// Receipt accounting per idempotency key: was the customer charged, and did a receipt for any of the key's
// charges reach the mailbox?
const mailbox = smtp.mailbox();
const firstReceiptAt = new Map<string, number>();
const receivedPerPayment = new Map<string, number>();
for (const mail of mailbox.received) {
  if (!mail.paymentId) continue;
  receivedPerPayment.set(mail.paymentId, (receivedPerPayment.get(mail.paymentId) ?? 0) + 1);
  if (!firstReceiptAt.has(mail.paymentId)) firstReceiptAt.set(mail.paymentId, Date.parse(mail.receivedAt));
}
const ledger = processor.charges();
const chargesByKey = new Map<string, Charge[]>();
for (const c of ledger)
  if (c.idempotencyKey)
    chargesByKey.set(c.idempotencyKey, [...(chargesByKey.get(c.idempotencyKey) ?? []), c]);

const cellRows = cells.map((cell) => {
  const keys = new Set(cell.outcomes.map((o) => o.idempotencyKey));
  const cellCharges = ledger.filter((c) => c.idempotencyKey !== null && keys.has(c.idempotencyKey));
  let charged = 0;
  let lostReceipts = 0;
  let afterRecovery = 0;
  let duplicateReceipts = 0;
  for (const key of keys) {
    const succeeded = (chargesByKey.get(key) ?? []).filter((c) => c.status === 'succeeded');
    if (succeeded.length === 0) continue;
    charged += 1;
    const receipted = succeeded.filter((c) => firstReceiptAt.has(c.reference));
    if (receipted.length === 0) lostReceipts += 1;
    if (receipted.some((c) => (firstReceiptAt.get(c.reference) ?? 0) >= cell.recoveredAt)) afterRecovery += 1;
    duplicateReceipts += succeeded.reduce(
      (n, c) => n + Math.max(0, (receivedPerPayment.get(c.reference) ?? 0) - 1),
      0,
    );
  }
  const s = cell.stats;
  return [
    cell.email,
    cell.api,
    s.scheduled,
    fmt(s.latencyMs.p50),
    fmt(s.latencyMs.p99),
    fmt(s.latencyMs.max),
    pct(s.firstAttemptErrors, s.firstAttempts),
    pct(s.failed, s.scheduled),
    countDuplicateCharges(cellCharges),
    charged,
    lostReceipts,
    afterRecovery,
    duplicateReceipts,
  ];
});
const cellTable = markdownTable(
  [
    'email provider',
    'API',
    'payments',
    'p50 ms',
    'p99 ms',
    'max ms',
    'error rate (1st try)',
    'failed after retries',
    'duplicate charges',
    'customers charged',
    'lost receipts',
    'receipts after recovery',
    'duplicate receipts',
  ],
  cellRows,
);
const receiptsMetrics = await receiptsMetricsNow();

// The target: the event API's p99 with the provider slow or down within 1.2x of its own p99 with the provider normal.
const p99Of = (email: string, api: 'sync' | 'event') =>
  cells.find((c) => c.email === email && c.api === api)?.stats.latencyMs.p99 ?? Number.NaN;
const ratioRows = emailModes
  .filter((m) => m.label !== 'normal')
  .flatMap((m) =>
    (['event', 'sync'] as const).map((api) => {
      const ratio = p99Of(m.label, api) / p99Of('normal', api);
      return [
        api,
        `${m.label} / normal`,
        `${fmt(p99Of(m.label, api))} / ${fmt(p99Of('normal', api))}`,
        `${fmt(ratio, 2)}x`,
        api === 'event' ? (ratio <= 1.2 ? 'yes' : 'no') : '(peer)',
      ];
    }),
  );
const ratioTable = markdownTable(['API', 'provider', 'p99 ms', 'p99 ratio', 'within 1.2x'], ratioRows);

// ---------------------------------------------------------------------------------------------- max throughput
processor.configure({ latencyMs: 0 });
await smtp.setMode({ mode: 'normal' });

const healthSchema = z.object({ outbox: z.object({ pending: z.number() }) });
async function outboxPending(apiUrl: string): Promise<number> {
  const res = await fetch(`${apiUrl}/health`);
  return healthSchema.parse(await res.json()).outbox.pending;
}

interface ThroughputRow {
  what: string;
  perSecond: number;
  unit: string;
  p50?: number;
  p99?: number;
  note: string;
}
const throughput: ThroughputRow[] = [];

// wrk (C, one thread) drives the max runs when installed; the Node closed loop would take a third of this 2-core
// box from the API it measures. The card processor (this process) is then the only Node work beside the API.
const useWrk = wrkAvailable();
const driverNote = useWrk
  ? `wrk, 1 thread, ${config.maxConnections} connections, a unique Idempotency-Key and body per request`
  : `the Node closed loop (bench/lib/closedLoop.ts) in the bench process, because wrk is not installed (apt-get install wrk): it competes with the API for CPU`;
const driveLoad = (url: string, kind: 'payments' | 'get', durationMs: number): Promise<ClosedLoopResult> =>
  useWrk
    ? runWrk({ url, kind, connections: config.maxConnections, durationMs })
    : runClosedLoop({
        url,
        method: kind === 'payments' ? 'POST' : 'GET',
        connections: config.maxConnections,
        durationMs,
        makeRequest: kind === 'payments' ? randomPaymentRequest : undefined,
        okStatus: kind === 'payments' ? 201 : 200,
      });

async function maxPayments(label: string, api: ApiProcess, note: string): Promise<ClosedLoopResult> {
  // Not counted: JIT, keep-alive pools and the relay's producer settle first.
  await driveLoad(`${api.url}/payments`, 'payments', Math.min(3_000, config.maxMs));
  const cpuBefore = cpuSeconds(api.pid);
  const benchCpuBefore = process.cpuUsage();
  const result = await driveLoad(`${api.url}/payments`, 'payments', config.maxMs);
  const cpu = cpuSeconds(api.pid) - cpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const cpuPerPayment = result.ok > 0 ? (1000 * cpu) / result.ok : Number.NaN;
  const processorPerPayment =
    result.ok > 0 ? (benchCpu.user + benchCpu.system) / 1000 / result.ok : Number.NaN;
  throughput.push({
    what: label,
    perSecond: result.okPerSecond,
    unit: 'payments/s (201)',
    p50: result.latencyMs.p50,
    p99: result.latencyMs.p99,
    note:
      `${note}; API process CPU ${fmt(cpuPerPayment, 2)} ms/payment (${fmt((100 * cpu) / result.seconds, 0)}% of a core); ` +
      `bench process (card processor${useWrk ? '' : ' + load driver'}) ${fmt(processorPerPayment, 2)} ms/payment`,
  });
  log(`${label}: ${fmt(result.okPerSecond)} /s, statuses ${JSON.stringify(result.statuses)}`);
  return result;
}

log(`max throughput: ${config.maxConnections} connections, ${config.maxMs} ms each`);
const eventFull = await maxPayments(
  'event API, outbox, SQLite synchronous=FULL',
  apis.event,
  'fsync per group commit (claims and completions of concurrent requests share commits)',
);
// The relay's drain speed: how long the backlog built during the run takes to reach Kafka.
const drainStarted = performance.now();
const backlogAtEnd = await outboxPending(apis.event.url);
while ((await outboxPending(apis.event.url)) > 0 && performance.now() - drainStarted < 60_000)
  await sleep(50);
const drainSeconds = (performance.now() - drainStarted) / 1000;
throughput.push({
  what: 'outbox relay backlog after the run',
  perSecond: backlogAtEnd,
  unit: 'events pending',
  note: `drained in ${fmt(drainSeconds, 2)} s after load stopped (${eventFull.ok} events published during the run)`,
});

const eventNormal = await spawnPaymentApi(
  {
    mode: 'event',
    bootstrap,
    topic,
    'processor-url': processor.url,
    data: join(workDir, 'api-event-normal'),
    durability: 'normal',
  },
  log,
);
cleanups.push(() => eventNormal.stop());
await maxPayments(
  'event API, outbox, SQLite synchronous=NORMAL',
  eventNormal,
  'WAL without fsync per commit (crash-safe, not power-loss-safe)',
);
await eventNormal.stop();
await maxPayments(
  'sync API (peer: the old design), email normal',
  apis.sync,
  'charge + 5 stages inline (SMTP, SMS, SQLite)',
);

const floor = await driveLoad(`${apis.event.url}/health`, 'get', Math.min(3_000, config.maxMs));
throughput.push({
  what: 'HTTP floor: GET /health on the API (fastify + one SQLite read)',
  perSecond: floor.okPerSecond,
  unit: 'requests/s',
  p50: floor.latencyMs.p50,
  p99: floor.latencyMs.p99,
  note: 'same process, same load driver',
});

// SQLite alone: the two group-committed transactions a payment costs (claim + complete with outbox row), no HTTP,
// with as many payments in flight as the HTTP runs have connections.
const sqliteRate = async (durability: 'full' | 'normal') => {
  const store = openPaymentStore(join(workDir, `sqlite-${durability}`), { durability });
  const started = performance.now();
  let n = 0;
  const worker = async () => {
    while (performance.now() - started < 1_500) {
      const key = randomUUID();
      const paymentId = `pay_${key}`;
      await store.claim(key, 'hash', paymentId, 30_000);
      await store.complete(
        key,
        {
          paymentId,
          idempotencyKey: key,
          customerId: 'cus',
          amountMinor: 100,
          currency: 'EUR',
          email: 'a@b.c',
          phone: null,
          cardLast4: '4242',
          chargeId: 'ch',
          status: 'succeeded',
          declineCode: null,
          createdAt: new Date().toISOString(),
        },
        {
          eventId: randomUUID(),
          topic,
          messageKey: paymentId,
          headers: { ce_id: 'x' },
          payload: '{"paymentId":"x"}',
        },
        { status: 201, body: '{}' },
      );
      n += 1;
    }
  };
  await Promise.all(Array.from({ length: config.maxConnections }, worker));
  store.close();
  return n / ((performance.now() - started) / 1000);
};
throughput.push({
  what: 'SQLite only: claim + complete (FULL)',
  perSecond: await sqliteRate('full'),
  unit: 'payments/s',
  note: `in-process, ${config.maxConnections} in flight, group commit, no HTTP, no charge`,
});
throughput.push({
  what: 'SQLite only: claim + complete (NORMAL)',
  perSecond: await sqliteRate('normal'),
  unit: 'payments/s',
  note: `in-process, ${config.maxConnections} in flight, group commit, no HTTP, no charge`,
});

// Peers for raw produce speed to the same broker: kafkajs (the relay's client), Kafka's Java ProducerPerformance, kcat.
const peerTopic = `bench.produce-${runId}`;
const peerAdmin = kafka.admin();
await peerAdmin.connect();
await ensureTopicsServed(peerAdmin, [{ topic: peerTopic, numPartitions: 3 }]);
await peerAdmin.disconnect();
const value = 'x'.repeat(300);
{
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (let sent = 0; sent < config.produceRecords; sent += 500) {
    await producer.send({
      topic: peerTopic,
      acks: -1,
      messages: Array.from({ length: Math.min(500, config.produceRecords - sent) }, (_, i) => ({
        key: String(sent + i),
        value,
      })),
    });
  }
  const rate = config.produceRecords / ((performance.now() - started) / 1000);
  await producer.disconnect();
  throughput.push({
    what: 'kafkajs produce, batches of 500, acks=all, idempotent',
    perSecond: rate,
    unit: 'records/s',
    note: `${config.produceRecords} × 300 B, sequential batches like the relay`,
  });
}
try {
  const out = await runKafkaTool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    peerTopic,
    '--num-records',
    String(config.produceRecords),
    '--record-size',
    '300',
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${bootstrap}`,
    'acks=all',
  ]);
  const match = /(\d+) records sent, ([\d.]+) records\/sec/.exec(out);
  throughput.push({
    what: "Kafka's ProducerPerformance (Java), acks=all",
    perSecond: match ? Number(match[2]) : Number.NaN,
    unit: 'records/s',
    note: `${config.produceRecords} × 300 B, includes JVM start-up`,
  });
} catch (err) {
  throughput.push({
    what: "Kafka's ProducerPerformance (Java)",
    perSecond: Number.NaN,
    unit: 'records/s',
    note: `failed: ${(err as Error).message.slice(0, 120)}`,
  });
}
{
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      'kcat',
      ['-P', '-b', bootstrap, '-t', peerTopic, '-X', 'acks=all', '-X', 'linger.ms=5'],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    child.on('error', () => resolve(-1));
    child.on('exit', (c) => resolve(c ?? -1));
    const lines = `${value}\n`.repeat(config.produceRecords);
    child.stdin.end(lines);
  });
  const rate = config.produceRecords / ((performance.now() - started) / 1000);
  throughput.push({
    what: 'kcat -P (librdkafka), acks=all',
    perSecond: code === 0 ? rate : Number.NaN,
    unit: 'records/s',
    note: code === 0 ? `${config.produceRecords} × 300 B from stdin` : `kcat exited ${code}`,
  });
}

// ---------------------------------------------------------------------------------------------- report
const throughputTable = markdownTable(
  ['what', 'rate', 'unit', 'p50 ms', 'p99 ms', 'note'],
  throughput.map((t) => [
    t.what,
    fmt(t.perSecond, 0),
    t.unit,
    t.p50 === undefined ? '' : fmt(t.p50),
    t.p99 === undefined ? '' : fmt(t.p99),
    t.note,
  ]),
);

const report = [
  '# Pipeline benchmark',
  '',
  `Run ${new Date().toISOString()} on ${(await import('node:os')).cpus().length} cores, Node ${process.version}, Kafka ${broker?.install.version ?? `at ${bootstrap}`}.`,
  `Machine load average (1 min) ${fmt(loadAtStart, 1)} at start, ${fmt((await import('node:os')).loadavg()[0] ?? Number.NaN, 1)} at end: on a shared 2-core box, compare rows of one run, not runs.`,
  `Command: \`${quick ? 'npm run bench -- pipeline --quick' : 'npm run bench -- pipeline'}\` with rate ${config.rate}/s, ${config.cellMs} ms per cell after ${config.warmupMs} ms of warm-up,` +
    ` card processor latency ${config.processorLatencyMs} ms with its idempotency dedupe OFF, slow email = ${config.slowMs} ms per mail.`,
  '',
  '## Same constant offered load: sync baseline vs event-driven API',
  '',
  'Open-loop generator, latency from the intended send time (no coordinated omission), HDR histogram, first attempt of each',
  'payment. Clients double-click 5% of payments and retry failures twice with the same Idempotency-Key (5 s timeout).',
  '"Duplicate charges" come from the card processor\'s own ledger; "lost receipts" are customers charged with no receipt',
  `in the SMTP sink after waiting up to ${config.receiptWaitMs / 1000} s for the receipts consumer (retry tiers ${env.BENCH_RETRY_TIERS.split(
    ',',
  )
    .map((t) => `${Number(t) / 1000} s`)
    .join('/')}).`,
  '',
  cellTable,
  '',
  "The target: the event API's p99 with the email provider slow or down within 1.2x of its p99 with the provider normal",
  `(each cell warmed up for ${config.warmupMs} ms at the same rate and provider mode first, not counted; ${(config.rate * config.cellMs) / 1000} payments per cell, so p99 is`,
  `the ${Math.max(1, Math.round((config.rate * config.cellMs) / 1000 / 100))}th-slowest or so). The sync baseline is the peer whose latency follows the provider.`,
  '',
  ratioTable,
  '',
  receiptsMetrics
    ? `Receipts consumer at the end: processed ${receiptsMetrics.processed}, retried ${receiptsMetrics.retried}, dead-lettered ${receiptsMetrics.deadLettered}, duplicates skipped ${receiptsMetrics.duplicatesSkipped}.`
    : 'Receipts consumer metrics unavailable.',
  '',
  '## Max throughput and where the time goes',
  '',
  `Closed loop: ${driverNote}; ${config.maxMs} ms per API run after a ${Math.min(3_000, config.maxMs)} ms warm-up, card processor latency 0 ms.`,
  `The API runs in its own process; the card processor and SMTP sink share the bench process${useWrk ? '' : ' with the load driver'}; the broker is a JVM on the same 2 cores.`,
  '',
  throughputTable,
  '',
].join('\n');

console.log(`\n${report}`);
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'pipeline.md'), report);
log(`wrote ${join(resultsDir, 'pipeline.md')}`);

for (const cleanup of cleanups.reverse())
  await cleanup().catch((err: unknown) => log(`cleanup: ${(err as Error).message}`));
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
