// What security costs at connect: time from Connect to the first topic list, SASL_SSL (SCRAM-SHA-512, custom
// CA) against PLAINTEXT, on brokers from the same jars with the same topics, in the same run, runs interleaved.
// Each run is a fresh console backend, so every TCP connection, TLS handshake and SASL exchange is paid again.
//
//   npm run bench -- connectSecurity
//   BENCH_RUNS=5 BENCH_BOOTSTRAP=127.0.0.1:19192 BENCH_SECURE_BROKER=/tmp/x/secure-broker.json npm run bench -- connectSecurity
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import type { Channel, ChannelInput } from '../shared/contract';
import { startBroker, type RunningBroker } from '../tools/kafka/broker';
import { repoRoot } from '../tools/kafka/provision';
import { adminKafka, startSecureBroker, type SecureBrokerInfo } from '../tools/kafka/secureBroker';
import { createConsoleBackend } from '../main/core/backend';
import { dispatch } from '../main/core/dispatch';
import { fmt, markdownTable, median } from './lib/table';

const env = z
  .object({
    BENCH_RUNS: z.coerce.number().int().positive().default(5),
    BENCH_TOPICS: z.coerce.number().int().positive().default(50),
    BENCH_BOOTSTRAP: z.string().optional(),
    BENCH_SECURE_BROKER: z.string().optional(),
  })
  .parse(process.env);

const log = (line: string) => console.error(`[bench] ${line}`);

async function seed(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: Array.from({ length: env.BENCH_TOPICS }, (_, i) => ({
      topic: `${prefix}.${i}`,
      numPartitions: 3,
    })),
    waitForLeaders: true,
  });
  await admin.disconnect();
}

let plainBroker: RunningBroker | undefined;
let secureStop: (() => Promise<void>) | undefined;
const plaintext = env.BENCH_BOOTSTRAP ?? (plainBroker = await startBroker({ heap: '512m', log })).bootstrap;
let secure: SecureBrokerInfo;
if (env.BENCH_SECURE_BROKER)
  secure = JSON.parse(readFileSync(env.BENCH_SECURE_BROKER, 'utf8')) as SecureBrokerInfo;
else {
  const started = await startSecureBroker({ log });
  secure = started;
  secureStop = () => started.stop();
}

const prefix = `payments.bench-connect-${Date.now().toString(36)}`;
await seed(new Kafka({ brokers: [plaintext], logLevel: logLevel.NOTHING }), prefix);
await seed(adminKafka(secure), prefix);

/** Milliseconds from the connect call to the first topic list answered through the channels. */
async function connectToTopics(kind: 'PLAINTEXT' | 'SASL_SSL'): Promise<number> {
  const backend = createConsoleBackend();
  const call = async <C extends Channel>(channel: C, input: ChannelInput<C>) => {
    const result = await dispatch(backend.handlers, channel, input);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };
  try {
    if (kind === 'SASL_SSL')
      await call('access.saveProfile', {
        profile: {
          name: 'bench',
          bootstrap: secure.saslSsl,
          protocol: 'SASL_SSL',
          mechanism: 'SCRAM-SHA-512',
          username: secure.users.operator.username,
          password: { from: 'value', value: secure.users.operator.password },
          caFile: secure.certs.caFile,
        },
      });
    const started = performance.now();
    if (kind === 'SASL_SSL') await call('access.connect', { name: 'bench' });
    else await call('cluster.connect', { bootstrap: plaintext });
    const topics = (await call('topics.list', { filter: prefix })) as unknown[];
    const ms = performance.now() - started;
    if (topics.length !== env.BENCH_TOPICS) throw new Error(`${kind}: saw ${topics.length} topics`);
    return ms;
  } finally {
    await backend.dispose();
  }
}

const samples: Record<'PLAINTEXT' | 'SASL_SSL', number[]> = { PLAINTEXT: [], SASL_SSL: [] };
/** Warm-up, until fresh topics have leaders everywhere (a run must measure connecting, not topic creation). */
async function warmUp(kind: 'PLAINTEXT' | 'SASL_SSL'): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await connectToTopics(kind);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((ok) => setTimeout(ok, 500));
    }
  }
}
await warmUp('PLAINTEXT');
await warmUp('SASL_SSL');
for (let run = 0; run < env.BENCH_RUNS; run++) {
  for (const kind of run % 2 === 0
    ? (['PLAINTEXT', 'SASL_SSL'] as const)
    : (['SASL_SSL', 'PLAINTEXT'] as const))
    samples[kind].push(await connectToTopics(kind));
}

const rows = (['PLAINTEXT', 'SASL_SSL'] as const).map((kind) => [
  kind === 'SASL_SSL' ? 'SASL_SSL, SCRAM-SHA-512, custom CA' : 'PLAINTEXT',
  fmt(median(samples[kind])),
  fmt(Math.min(...samples[kind])),
  fmt(Math.max(...samples[kind])),
  samples[kind].map((x) => fmt(x, 0)).join(', '),
]);
const table = markdownTable(['connection', 'median ms', 'min ms', 'max ms', 'runs (ms)'], rows);
const text = [
  `# Connect to first topic list: SASL_SSL vs PLAINTEXT`,
  '',
  `${env.BENCH_RUNS} interleaved runs each after one warm-up, ${env.BENCH_TOPICS} topics on each broker, a fresh console backend per run (\`npm run bench -- connectSecurity\`).`,
  '',
  table,
  '',
].join('\n');
console.log(text);
mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench', 'results', 'connectSecurity.md'), text);
await plainBroker?.stop();
await secureStop?.();
