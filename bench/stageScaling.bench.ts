// Scaling a stage out by adding consumers: one stage (receipts by default, real SMTP to the sandbox's sink)
// drains a pre-loaded backlog of BENCH_SCALING_EVENTS payment events (default 20,000) with 1, 2 and 3
// instances in one consumer group, in one run. The rate is measured from the moment the group is stable with
// all k members (start-up and the joining rebalances are reported apart) until the group's committed offsets
// reach the end of the source topic. Each instance's CPU time comes from /proc/<pid>/stat (utime + stime).
// Peer: kcat reading the same topic to its end (no processing, no commits), the floor for "just consuming".
//
//   npm run bench -- stageScaling
//   BENCH_SCALING_EVENTS=100000 BENCH_SCALING_STAGE=analytics npm run bench -- stageScaling
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { z } from 'zod';
import { ensureTopicsServed } from '../services/runtime/topicReadiness';
import { DEFAULT_STAGE_PARTITIONS } from '../services/runtime/topology';
import { publishPayments, samplePayment } from '../services/sandbox/paymentEvents';
import { startPipelineSandbox, type PipelineSandbox } from '../services/sandbox/pipeline';
import { stageRegistry } from '../services/stages/registry';
import { cpuSeconds } from './lib/procStat';
import { benchBroker, log, machineNote, timeShell, writeResult } from './lib/supportBench';
import { fmt, markdownTable } from './lib/table';

const env = z
  .object({
    BENCH_SCALING_EVENTS: z.coerce.number().int().positive().default(20_000),
    BENCH_SCALING_STAGE: z
      .string()
      .refine((s) => stageRegistry.some((d) => d.name === s), 'not a stage')
      .default('receipts'),
    BENCH_SCALING_MAX_INSTANCES: z.coerce.number().int().min(1).max(DEFAULT_STAGE_PARTITIONS).default(3),
  })
  .parse(process.env);
const n = env.BENCH_SCALING_EVENTS;
const stage = env.BENCH_SCALING_STAGE;
const runId = Date.now().toString(36);

async function committedSum(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

async function stableMembers(admin: Admin, groupId: string): Promise<number> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  return group?.state === 'Stable' ? group.members.length : 0;
}

async function preload(kafka: Kafka, admin: Admin, topic: string): Promise<void> {
  await ensureTopicsServed(admin, [{ topic, numPartitions: DEFAULT_STAGE_PARTITIONS }]);
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let sent = 0; sent < n; sent += 1000) {
      const size = Math.min(1000, n - sent);
      await publishPayments(
        producer,
        topic,
        Array.from({ length: size }, (_, i) => samplePayment(sent + i)),
      );
    }
  } finally {
    await producer.disconnect();
  }
}

interface Run {
  instances: number;
  startupMs: number;
  drainMs: number;
  drained: number;
  cpu: number[];
  delivered: number | null;
}

async function runWith(kafka: Kafka, admin: Admin, bootstrap: string, k: number): Promise<Run> {
  const sourceTopic = `bench-scaling-${runId}-${k}`;
  log(`k=${k}: pre-loading ${n} events into ${sourceTopic}`);
  await preload(kafka, admin, sourceTopic);
  const dataDir = mkdtempSync(join(tmpdir(), `bench-scaling-${k}-`));
  let sandbox: PipelineSandbox | undefined;
  try {
    const spawnedAt = Date.now();
    sandbox = await startPipelineSandbox({
      bootstrap,
      dataDir,
      sourceTopic,
      groupSuffix: `bench-${runId}-${k}`,
      stages: [stage],
      instances: { [stage]: k },
      paymentApi: false,
    });
    const groupId = sandbox.groupOf(stage);
    // The k-th member joining makes the group rebalance; the drain rate is timed from the stable group on.
    for (;;) {
      if ((await stableMembers(admin, groupId)) === k) break;
      if (Date.now() - spawnedAt > 120_000) throw new Error(`group ${groupId} never had ${k} members`);
      await sleep(50);
    }
    const stableAt = Date.now();
    const pids = (sandbox.stageInstances.get(stage) ?? []).map((p) => p.pid);
    const cpuAtStable = pids.map(cpuSeconds);
    const committedAtStable = await committedSum(admin, groupId, sourceTopic);
    let committed = committedAtStable;
    while (committed < n) {
      if (Date.now() - stableAt > 600_000) throw new Error(`k=${k}: drained only ${committed} of ${n}`);
      await sleep(100);
      committed = await committedSum(admin, groupId, sourceTopic);
    }
    const doneAt = Date.now();
    const cpu = pids.map((pid, i) => cpuSeconds(pid) - (cpuAtStable[i] ?? Number.NaN));
    const delivered = stage === 'receipts' ? sandbox.smtp.mailbox().delivered.length : null;
    log(`k=${k}: ${n - committedAtStable} events in ${doneAt - stableAt} ms after the group was stable`);
    return {
      instances: k,
      startupMs: stableAt - spawnedAt,
      drainMs: doneAt - stableAt,
      drained: n - committedAtStable,
      cpu,
      delivered,
    };
  } finally {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const { bootstrap, stop } = await benchBroker();
const runs: Run[] = [];
let peer: { ms: number; records: number; cpuS: number } | undefined;
try {
  const kafka = new Kafka({ clientId: 'bench-scaling', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let k = 1; k <= env.BENCH_SCALING_MAX_INSTANCES; k++)
      runs.push(await runWith(kafka, admin, bootstrap, k));
  } finally {
    await admin.disconnect();
  }
  // bash's `time` gives the peer's user + system CPU, the same measure as /proc/<pid>/stat for the stages.
  const topic = `bench-scaling-${runId}-1`;
  const started = performance.now();
  const out = await timeShell(
    `TIMEFORMAT='%U %S'; { time kcat -C -b ${bootstrap} -t ${topic} -o beginning -e -q -f '%o\\n' | wc -l ; } 2>&1`,
  );
  const [records, user, sys] = out.stdout.trim().split(/\s+/).map(Number);
  peer = { ms: performance.now() - started, records: records ?? 0, cpuS: (user ?? 0) + (sys ?? 0) };
} finally {
  await stop();
}

const base = runs[0] ? runs[0].drained / (runs[0].drainMs / 1000) : Number.NaN;
const rows: (string | number)[][] = runs.map((r) => {
  const rate = r.drained / (r.drainMs / 1000);
  return [
    `${stage} × ${r.instances}`,
    `${fmt(r.startupMs / 1000)} s`,
    r.drained.toLocaleString('en'),
    `${fmt(r.drainMs / 1000)} s`,
    fmt(rate, 0),
    `${fmt(rate / base, 2)}x`,
    r.cpu.map((s) => fmt(s)).join(' / '),
    fmt(r.cpu.reduce((a, b) => a + b, 0) / (r.drained / 1000), 2),
    r.delivered === null ? '' : r.delivered.toLocaleString('en'),
  ];
});
if (peer)
  rows.push([
    'peer: kcat -C -e (read only, no commits)',
    '',
    peer.records.toLocaleString('en'),
    `${fmt(peer.ms / 1000, 2)} s`,
    fmt(peer.records / (peer.ms / 1000), 0),
    '',
    fmt(peer.cpuS, 2),
    fmt(peer.cpuS / (peer.records / 1000), 3),
    '',
  ]);
writeResult(
  'stageScaling',
  `## One stage scaled out to 1–${env.BENCH_SCALING_MAX_INSTANCES} instances of one consumer group (${new Date().toISOString()})\n\n` +
    `${n.toLocaleString('en')} payment events pre-loaded into a ${DEFAULT_STAGE_PARTITIONS}-partition topic for each run; ` +
    `stage \`${stage}\`${stage === 'receipts' ? ' (one SMTP connection per instance, to the sink in the bench process)' : ''}.\n\n` +
    markdownTable(
      [
        'what',
        'start → group stable',
        'events drained',
        'drain time',
        'events/s',
        'vs 1 instance',
        'CPU s per instance (utime+stime)',
        'CPU s per 1k events',
        'mails delivered',
      ],
      rows,
    ) +
    `\n\n"events drained" counts what was committed after the group became stable with all its members (a first ` +
    `instance may commit some before the others join). The stages, the broker, the SMTP sink and this process ` +
    `share the machine's cores, so the curve flattens once they are saturated. ` +
    `Broker: ${process.env.BENCH_BOOTSTRAP ? 'an existing single node (BENCH_BOOTSTRAP)' : "the bench's own single node"}. ${machineNote()}`,
);
