// Describing a consumer group: the consumer-protocol path (ConsumerGroupDescribe, API 69, sent by Eventdesk over
// kafkajs's connection) against kafkajs's classic DescribeGroups, on the same broker in the same run. Two live
// groups of Kafka's console consumer, one per protocol, on one 3-partition topic; runs interleaved after a
// warm-up; every call goes to the group coordinator over an open connection.
//
//   npm run bench -- groupDescribe
//   BENCH_RUNS=200 BENCH_BOOTSTRAP=127.0.0.1:19092 npm run bench -- groupDescribe
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { createKafkajsAdapter } from '../main/core/kafka/kafkajsAdapter';
import { startBroker, type RunningBroker } from '../tools/kafka/broker';
import { repoRoot } from '../tools/kafka/provision';
import { startConsoleConsumer } from '../tools/test/consoleConsumer';
import { fmt, markdownTable } from './lib/table';

const env = z
  .object({
    BENCH_RUNS: z.coerce.number().int().positive().default(200),
    BENCH_BOOTSTRAP: z.string().optional(),
  })
  .parse(process.env);

const log = (line: string) => console.error(`[bench] ${line}`);
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

let broker: RunningBroker | undefined;
const bootstrap = env.BENCH_BOOTSTRAP ?? (broker = await startBroker({ heap: '512m', log })).bootstrap;
const suffix = Date.now().toString(36);
const topic = `bench-group-describe-${suffix}`;
const groups = { consumer: `bench-describe-consumer-${suffix}`, classic: `bench-describe-classic-${suffix}` };

const kafka = new Kafka({
  brokers: [bootstrap],
  logLevel: logLevel.NOTHING,
  clientId: 'bench-group-describe',
});
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
const consumers = await Promise.all(
  (['consumer', 'classic'] as const).map((protocol) =>
    startConsoleConsumer({ bootstrap, topic, group: groups[protocol], protocol }),
  ),
);
const port = createKafkajsAdapter([bootstrap]);

try {
  // Both groups Stable with their member and its three partitions before anything is timed.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const described = await port.describeGroups([groups.consumer, groups.classic]);
    const ready = described.every(
      (d) =>
        d.state === 'Stable' &&
        d.members.flatMap((m) => m.assignment).flatMap((a) => a.partitions).length === 3,
    );
    if (ready) break;
    if (Date.now() > deadline)
      throw new Error(`groups not Stable: ${JSON.stringify(described.map((d) => [d.groupId, d.state]))}`);
    await new Promise((ok) => setTimeout(ok, 1_000));
  }
  await port.listGroups(); // the listing tells the port which groups are classic

  const paths: Record<string, () => Promise<unknown>> = {
    'Eventdesk, consumer-protocol group (ConsumerGroupDescribe v0)': async () => {
      const [d] = await port.describeGroups([groups.consumer]);
      if (d?.groupType !== 'consumer' || d.members.length !== 1) throw new Error('wrong answer');
    },
    'kafkajs admin.describeGroups, classic group (DescribeGroups)': async () => {
      const {
        groups: [d],
      } = await admin.describeGroups([groups.classic]);
      if (d?.state !== 'Stable' || d.members.length !== 1) throw new Error('wrong answer');
    },
    'Eventdesk, classic group (listed as classic: DescribeGroups only)': async () => {
      const [d] = await port.describeGroups([groups.classic]);
      if (d?.groupType !== 'classic' || d.members.length !== 1) throw new Error('wrong answer');
    },
    'kafkajs admin.describeGroups, consumer-protocol group (what it saw before)': async () => {
      const {
        groups: [d],
      } = await admin.describeGroups([groups.consumer]);
      if (!d) throw new Error('no answer');
    },
  };
  const samples = new Map(Object.keys(paths).map((name) => [name, [] as number[]]));
  for (const run of Object.values(paths)) for (let i = 0; i < 20; i++) await run(); // warm-up
  const names = Object.keys(paths);
  for (let i = 0; i < env.BENCH_RUNS; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const started = performance.now();
      await paths[name]!();
      samples.get(name)!.push(performance.now() - started);
    }
  }
  const seenBefore = (await admin.describeGroups([groups.consumer])).groups[0];
  const rows = names.map((name) => {
    const xs = samples.get(name)!;
    return [name, fmt(quantile(xs, 0.5), 2), fmt(quantile(xs, 0.95), 2), fmt(Math.max(...xs), 2)];
  });
  const text = [
    '# Describing a consumer group: consumer protocol (KIP-848) vs classic',
    '',
    `${env.BENCH_RUNS} interleaved runs per path after 20 warm-up calls each, one group per call, each group one console-consumer member on a 3-partition topic, Kafka 4.1.1 broker at ${bootstrap} (\`npm run bench -- groupDescribe\`).`,
    '',
    markdownTable(['path', 'median ms', 'p95 ms', 'max ms'], rows),
    '',
    `The classic call on the consumer-protocol group answers state \`${seenBefore?.state ?? '?'}\` with ${seenBefore?.members.length ?? '?'} members (the broker reports it Stable with 1).`,
    '',
  ].join('\n');
  console.log(text);
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'groupDescribe.md'), text);
} finally {
  await port.close();
  await Promise.all(consumers.map((c) => c.stop()));
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await broker?.stop();
}
