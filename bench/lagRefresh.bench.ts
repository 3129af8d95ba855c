// One full lag refresh by the console's own code on a cluster with 200 topics and 50 consumer groups, against
// one run of Kafka's `kafka-consumer-groups --describe --all-groups` on the same broker in the same run. The
// console's refresh is what a watcher tick plus an open groups page cost: groups.list (every group's lag per
// partition and lag in time) and the health sampling path (groups.sample, dead-letter counts, the stage
// rules). Wall time and CPU of each: the console's from this process (it runs in-process), the command's from
// the JVM child (user + system of waited-for children, /proc/self/stat).
//
//   npm run bench -- lagRefresh
//   BENCH_BOOTSTRAP=127.0.0.1:19092 BENCH_RUNS=5 npm run bench -- lagRefresh
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { defaultPipelineMap, type PipelineMap } from '../shared/pipelineMap';
import { countDeadLetters } from '../main/core/dlq/outstandingDeadLetters';
import { createGroupsUseCases } from '../main/core/groups/groups';
import { createMemoryHealthHistory } from '../main/core/groups/healthHistory';
import { createLagHistory } from '../main/core/groups/lagHistory';
import { createStageHealthTracker } from '../main/core/groups/stageHealth';
import { createKafkajsCluster } from '../main/core/kafka/kafkajsCluster';
import { runKafkaTool } from '../tools/kafka/broker';
import { ensureKafka } from '../tools/kafka/provision';
import { fmt, markdownTable, median } from './lib/table';
import { benchBroker, log, machineNote, writeResult } from './lib/supportBench';

const env = z
  .object({
    BENCH_TOPICS: z.coerce.number().int().positive().default(200),
    BENCH_GROUPS: z.coerce.number().int().positive().default(50),
    BENCH_TOPICS_PER_GROUP: z.coerce.number().int().positive().default(4),
    BENCH_RUNS: z.coerce.number().int().positive().default(5),
  })
  .parse(process.env);

/** CPU seconds of this process's waited-for children so far (cutime + cstime, Linux). */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** 200 topics × 3 partitions with a few records each; 50 groups committed at offset 1 on 4 topics each. */
async function seedCluster(bootstrap: string, prefix: string): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'bench-seed', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  const topics = Array.from(
    { length: env.BENCH_TOPICS },
    (_, i) => `${prefix}.topic.${String(i).padStart(3, '0')}`,
  );
  for (let i = 0; i < topics.length; i += 50)
    await admin.createTopics({
      topics: topics.slice(i, i + 50).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      waitForLeaders: false,
    });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.fetchTopicMetadata({ topics });
      break;
    } catch (error) {
      // A busy shared broker can take a while to host 600 new partitions.
      if (attempt > 120) throw error;
      await sleep(500);
    }
  }
  await producer.sendBatch({
    topicMessages: topics.map((topic, t) => ({
      topic,
      messages: Array.from({ length: 10 + (t % 7) }, (_, m) => ({ key: `k${m}`, value: `v${m}` })),
    })),
  });
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  const groupIds = Array.from(
    { length: env.BENCH_GROUPS },
    (_, g) => `${prefix}.group.${String(g).padStart(2, '0')}`,
  );
  // Kafka's own reset command commits for a group without members (kafkajs's setOffsets joins the group); one
  // group per run, as consoleStartup seeds (a run naming ten groups at once left them without commits here).
  const commit = (g: number) =>
    runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
      '--bootstrap-server',
      bootstrap,
      '--reset-offsets',
      '--group',
      groupIds[g]!,
      '--to-offset',
      '1',
      '--execute',
      ...Array.from({ length: env.BENCH_TOPICS_PER_GROUP }, (_, j) => [
        '--topic',
        topics[(g * env.BENCH_TOPICS_PER_GROUP + j) % topics.length]!,
      ]).flat(),
    ]);
  for (let g = 0; g < groupIds.length; g += 4)
    await Promise.all(groupIds.slice(g, g + 4).map((_, k) => commit(g + k)));
  return groupIds;
}

/** The reference map's stages read by bench groups, so the health path judges real groups. */
function benchMap(groupIds: string[]): PipelineMap {
  const base = defaultPipelineMap();
  return {
    ...base,
    stages: base.stages.map((s, i) => ({ ...s, consumerGroup: groupIds[i % groupIds.length]! })),
  };
}

const broker = await benchBroker();
try {
  const prefix = `lagbench${Date.now().toString(36)}`;
  log(`seeding ${env.BENCH_TOPICS} topics and ${env.BENCH_GROUPS} groups on ${broker.bootstrap} ...`);
  const groupIds = await seedCluster(broker.bootstrap, prefix);
  const map = benchMap(groupIds);

  // The console's parts as backend.ts wires them for one connected cluster.
  const cluster = createKafkajsCluster([broker.bootstrap]);
  const groups = createGroupsUseCases({
    kafka: (body) => body(cluster.kafka),
    records: async () => cluster.records,
    history: createLagHistory(),
    now: Date.now,
  });
  const tracker = createStageHealthTracker(createMemoryHealthHistory());
  let listed = 0;
  let partitionsWithLag = 0;
  const refresh = async () => {
    const list = await groups.list();
    listed = list.length;
    const sample = await groups.sample(new Set(map.stages.map((s) => s.consumerGroup)));
    partitionsWithLag = sample.focused.reduce((n, g) => n + g.partitions.length, 0);
    const dead = await countDeadLetters(cluster.records, map, []).catch(() => null);
    tracker.observe(Date.now(), map, sample.focused, dead);
  };
  /** A refresh that failed (the console gives up on a call after 8 s) is counted, not timed. */
  let failed = 0;
  const timed = async (): Promise<{ ms: number; cpuMs: number } | null> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
      await refresh();
    } catch (error) {
      failed += 1;
      log(`refresh failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  };

  const install = await ensureKafka(log);
  const peer = () => {
    const cpu = childCpuSeconds();
    const started = performance.now();
    const r = spawnSync(
      'java',
      [
        '-Xmx256m',
        '-cp',
        install.classpath,
        'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
        '--bootstrap-server',
        broker.bootstrap,
        '--describe',
        '--all-groups',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`kafka-consumer-groups exited ${r.status}: ${r.stderr.slice(-500)}`);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith(`${prefix}.group.`)).length;
    return { ms: performance.now() - started, cpuMs: (childCpuSeconds() - cpu) * 1000, lines };
  };

  const first = (await timed()) ?? { ms: NaN, cpuMs: NaN };
  // A seeding that left no commits would time two reads of nothing: refuse to print such a table.
  if (partitionsWithLag === 0) {
    const check = await groups.sample(new Set(map.stages.map((s) => s.consumerGroup)));
    partitionsWithLag = check.focused.reduce((n, g) => n + g.partitions.length, 0);
    if (partitionsWithLag === 0)
      throw new Error('the bench groups have no committed offsets: seeding failed');
  }
  log(`console first refresh (connects): ${fmt(first.ms, 0)} ms, ${fmt(first.cpuMs, 0)} ms CPU`);
  const consoleRuns: { ms: number; cpuMs: number }[] = [];
  const peerRuns: { ms: number; cpuMs: number; lines: number }[] = [];
  // Interleaved, so both meet the same load on this shared machine.
  for (let i = 0; i < env.BENCH_RUNS; i++) {
    const run = await timed();
    if (run) consoleRuns.push(run);
    peerRuns.push(peer());
    log(
      `run ${i + 1}: console ${run ? `${fmt(run.ms, 0)} ms (${fmt(run.cpuMs, 0)} ms CPU)` : 'failed'}, ` +
        `kafka-consumer-groups ${fmt(peerRuns.at(-1)!.ms, 0)} ms (${fmt(peerRuns.at(-1)!.cpuMs, 0)} ms CPU)`,
    );
  }
  await cluster.close();

  const c = { ms: median(consoleRuns.map((r) => r.ms)), cpuMs: median(consoleRuns.map((r) => r.cpuMs)) };
  const p = { ms: median(peerRuns.map((r) => r.ms)), cpuMs: median(peerRuns.map((r) => r.cpuMs)) };
  const table = markdownTable(
    [`one lag refresh (median of ${env.BENCH_RUNS}, interleaved)`, 'wall ms', 'CPU ms'],
    [
      [
        `console: groups.list (${listed} groups on the broker) + health sample (${map.stages.length} stages, ${partitionsWithLag} partitions)`,
        fmt(c.ms, 0),
        fmt(c.cpuMs, 0),
      ],
      ['console: the first refresh (client connects, metadata cold)', fmt(first.ms, 0), fmt(first.cpuMs, 0)],
      [
        `peer: kafka-consumer-groups --describe --all-groups (JVM start included; ${peerRuns[0]!.lines} lines of the bench groups)`,
        fmt(p.ms, 0),
        fmt(p.cpuMs, 0),
      ],
      ['console ÷ peer', `${fmt(c.ms / p.ms, 2)}x`, `${fmt(c.cpuMs / p.cpuMs, 2)}x`],
      [
        `console refreshes that failed (8 s call deadline; counted, not timed)`,
        `${failed} of ${env.BENCH_RUNS + 1}`,
        '',
      ],
    ],
  );
  const header =
    `Lag refresh: ${env.BENCH_TOPICS} topics × 3 partitions, ${env.BENCH_GROUPS} groups × ${env.BENCH_TOPICS_PER_GROUP} topics ` +
    `(committed at offset 1, so every partition has lag and its lag in time is read), ${new Date().toISOString()}`;
  writeResult(
    'lagRefresh',
    `${header}\n\n${table}\n\n${machineNote()}\n\nCommand: \`npm run bench -- lagRefresh\` (here with BENCH_BOOTSTRAP=${process.env.BENCH_BOOTSTRAP ?? 'its own broker'}; a shared broker's other groups are listed by both).`,
  );
} finally {
  await broker.stop();
}
