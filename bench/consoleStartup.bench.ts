// Console start-up on a busy cluster: time from launching the console to the first topic list and to the
// first consumer-group lag table, on a cluster with 200 topics and 50 consumer groups. Peers in the same run:
// Kafka's own topics and consumer-groups commands and kcat's metadata listing against the same broker.
//
//   npm run bench -- consoleStartup
//   BENCH_TOPICS=200 BENCH_GROUPS=50 BENCH_RUNS=3 npm run bench -- consoleStartup
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { chromium, type Browser } from 'playwright';
import { z } from 'zod';
import { runKafkaTool, startBroker, type RunningBroker } from '../tools/kafka/broker';
import { repoRoot } from '../tools/kafka/provision';
import { fmt, markdownTable, median } from './lib/table';
import { setTimeout as sleep } from 'node:timers/promises';

const env = z
  .object({
    BENCH_TOPICS: z.coerce.number().int().positive().default(200),
    BENCH_GROUPS: z.coerce.number().int().positive().default(50),
    BENCH_TOPICS_PER_GROUP: z.coerce.number().int().positive().default(4),
    BENCH_RUNS: z.coerce.number().int().positive().default(3),
    BENCH_BOOTSTRAP: z.string().optional(),
  })
  .parse(process.env);

const log = (line: string) => console.error(`[bench] ${line}`);

async function seedCluster(bootstrap: string, prefix: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-seed', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  const topics = Array.from(
    { length: env.BENCH_TOPICS },
    (_, i) => `${prefix}.topic.${String(i).padStart(3, '0')}`,
  );
  for (let i = 0; i < topics.length; i += 50) {
    await admin.createTopics({
      topics: topics.slice(i, i + 50).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      // kafkajs's own leader wait asks for metadata too early and gives up on UNKNOWN_TOPIC_OR_PARTITION.
      waitForLeaders: false,
    });
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.fetchTopicMetadata({ topics });
      break;
    } catch (error) {
      if (attempt > 50) throw error;
      await sleep(200);
    }
  }
  await producer.sendBatch({
    topicMessages: topics.map((topic, t) => ({
      topic,
      messages: Array.from({ length: 10 + (t % 7) }, (_, m) => ({ key: `k${m}`, value: `v${m}` })),
    })),
  });
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  // Commit offsets with Kafka's own reset command: kafkajs's admin.setOffsets joins the group (seconds each).
  const groups = Array.from({ length: env.BENCH_GROUPS }, (_, g) => g);
  const commitGroup = async (g: number) => {
    const groupId = `${prefix}.group.${String(g).padStart(2, '0')}`;
    const groupTopics = Array.from(
      { length: env.BENCH_TOPICS_PER_GROUP },
      (_, j) => topics[(g * env.BENCH_TOPICS_PER_GROUP + j) % topics.length]!,
    );
    await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
      '--bootstrap-server',
      bootstrap,
      '--reset-offsets',
      '--group',
      groupId,
      '--to-offset',
      '1',
      '--execute',
      ...groupTopics.flatMap((t) => ['--topic', t]),
    ]);
  };
  for (let i = 0; i < groups.length; i += 4) await Promise.all(groups.slice(i, i + 4).map(commitGroup));
}

function startConsole(bootstrap: string): Promise<{ child: ChildProcess; url: string; urlMs: number }> {
  const started = performance.now();
  const cli = join(repoRoot, 'dist', 'main', 'bridge', 'cli.mjs');
  const child = spawn(process.execPath, [cli, '--bootstrap', bootstrap, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) ok({ child, url: match[1]!, urlMs: performance.now() - started });
    });
    child.once('exit', (code) =>
      fail(new Error(`console exited with ${code} before printing its URL: ${out}`)),
    );
  });
}

async function measureConsole(browser: Browser, bootstrap: string) {
  const launched = performance.now();
  const { child, url, urlMs } = await startConsole(bootstrap);
  const page = await browser.newPage();
  try {
    await page.goto(url.replace('/?', '/?e2e=1&') + '#/topics');
    await page.getByTestId('topic-row').first().waitFor({ timeout: 60_000 });
    const topicsMs = performance.now() - launched;
    const topicRows = await page.getByTestId('topic-row').count();
    await page.getByTestId('nav-groups').click();
    await page.getByTestId('group-row').first().waitFor({ timeout: 60_000 });
    const groupsMs = performance.now() - launched;
    const groupRows = await page.getByTestId('group-row').count();
    return { urlMs, topicsMs, groupsMs, topicRows, groupRows };
  } finally {
    await page.close();
    child.kill('SIGTERM');
  }
}

function timeCommand(cmd: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - started;
}

let broker: RunningBroker | undefined;
let browser: Browser | undefined;
try {
  if (
    !existsSync(join(repoRoot, 'dist', 'main', 'bridge', 'cli.mjs')) ||
    !existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'))
  ) {
    log('building the console (npm run build) ...');
    if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0)
      throw new Error('build failed');
  }
  const coldStart = performance.now();
  broker = env.BENCH_BOOTSTRAP ? undefined : await startBroker({ log });
  const bootstrap = env.BENCH_BOOTSTRAP ?? broker!.bootstrap;
  const brokerMs = broker ? broker.startupMs : NaN;
  log(
    `broker up (${fmt(performance.now() - coldStart, 0)} ms incl. provisioning check); seeding ${env.BENCH_TOPICS} topics and ${env.BENCH_GROUPS} groups ...`,
  );
  await seedCluster(bootstrap, `bench${Date.now().toString(36)}`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const runs = [];
  for (let i = 0; i < env.BENCH_RUNS; i++) {
    const r = await measureConsole(browser, bootstrap);
    log(
      `run ${i + 1}: url ${fmt(r.urlMs, 0)} ms, topics ${fmt(r.topicsMs, 0)} ms, groups ${fmt(r.groupsMs, 0)} ms`,
    );
    runs.push(r);
  }

  const peerTopics = [] as number[];
  const peerGroups = [] as number[];
  const peerKcat = [] as number[];
  for (let i = 0; i < env.BENCH_RUNS; i++) {
    peerTopics.push(
      timeCommand('java', [
        '-cp',
        broker?.install.classpath ?? '',
        'org.apache.kafka.tools.TopicCommand',
        '--bootstrap-server',
        bootstrap,
        '--list',
      ]),
    );
    const t0 = performance.now();
    await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
      '--bootstrap-server',
      bootstrap,
      '--describe',
      '--all-groups',
    ]);
    peerGroups.push(performance.now() - t0);
    peerKcat.push(timeCommand('kcat', ['-b', bootstrap, '-L']));
  }

  const table = markdownTable(
    ['what (median of ' + env.BENCH_RUNS + ' runs)', 'ms'],
    [
      ['broker start (warm jar cache)', fmt(brokerMs, 0)],
      ['console: launch → URL printed (backend + bridge up)', fmt(median(runs.map((r) => r.urlMs)), 0)],
      [
        `console: launch → first topic list on screen (${runs[0]!.topicRows} rows rendered, virtualised)`,
        fmt(median(runs.map((r) => r.topicsMs)), 0),
      ],
      [
        `console: launch → first group lag table on screen (${runs[0]!.groupRows} groups)`,
        fmt(median(runs.map((r) => r.groupsMs)), 0),
      ],
      ['peer: kafka-topics --list (JVM start included)', fmt(median(peerTopics), 0)],
      [
        'peer: kafka-consumer-groups --describe --all-groups (JVM start included)',
        fmt(median(peerGroups), 0),
      ],
      ['peer: kcat -L (metadata only)', fmt(median(peerKcat), 0)],
    ],
  );
  const header = `Console start-up: ${env.BENCH_TOPICS} topics × 3 partitions, ${env.BENCH_GROUPS} groups × ${env.BENCH_TOPICS_PER_GROUP} topics, Kafka ${broker?.install.version ?? '(external)'}, ${new Date().toISOString()}`;
  console.log(`\n${header}\n\n${table}\n`);
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'bench', 'results', 'console-startup.md'),
    `${header}\n\n${table}\n\nCommand: \`npm run bench -- consoleStartup\`\n`,
  );
} finally {
  await browser?.close();
  await broker?.stop();
}
