// Runs one stage as its own OS process:
//   tsx services/runtime/cli.ts --stage receipts --bootstrap 127.0.0.1:9092 --data-dir ./run/receipts \
//     --smtp 127.0.0.1:2525 --sms-url http://127.0.0.1:8025/sms [--tiers 1000,10000,60000] [--health-port 0]
//     [--source payments.succeeded] [--group receipts] [--client-id eventdesk-stage-receipts-2]
//     [--schema-registry http://127.0.0.1:8081]   (decodes Avro values in the Confluent wire format)
// Prints one JSON line {"ready":true,...} on stdout once consuming; SIGTERM/SIGINT stop it gracefully.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_RETRY_TIER_DELAYS_MS, SOURCE_TOPIC } from '../../shared/referencePipeline';
import { findStage, stageRegistry } from '../stages/registry';
import { runStage } from './runStage';

const hostPort = z
  .string()
  .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port')
  .transform((value) => {
    const colon = value.lastIndexOf(':');
    return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
  });

const cliSchema = z.object({
  stage: z.string().refine((name) => findStage(name) !== undefined, {
    message: `unknown stage; known: ${stageRegistry.map((s) => s.name).join(', ')}`,
  }),
  bootstrap: z.string().min(1),
  'data-dir': z.string().min(1),
  smtp: hostPort.prefault('127.0.0.1:2525'),
  'sms-url': z.url().default('http://127.0.0.1:8025/sms'),
  tiers: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'expected comma-separated delays in ms, e.g. 1000,10000,60000')
    .prefault(DEFAULT_RETRY_TIER_DELAYS_MS.join(','))
    .transform((value) => value.split(',').map((ms) => ({ delayMs: Number(ms) }))),
  source: z.string().min(1).default(SOURCE_TOPIC),
  group: z.string().min(1).optional(),
  'client-id': z.string().min(1).optional(),
  'health-port': z.coerce.number().int().min(0).max(65535).optional(),
  'session-timeout-ms': z.coerce.number().int().min(6000).max(300_000).optional(),
  'smtp-timeout-ms': z.coerce.number().int().min(100).max(60_000).optional(),
  'schema-registry': z.url({ protocol: /^https?$/ }).optional(),
});

const { values } = parseArgs({
  options: {
    stage: { type: 'string' },
    bootstrap: { type: 'string' },
    'data-dir': { type: 'string' },
    smtp: { type: 'string' },
    'sms-url': { type: 'string' },
    tiers: { type: 'string' },
    source: { type: 'string' },
    group: { type: 'string' },
    'client-id': { type: 'string' },
    'health-port': { type: 'string' },
    'smtp-timeout-ms': { type: 'string' },
    'session-timeout-ms': { type: 'string' },
    'schema-registry': { type: 'string' },
  },
  strict: true,
});

const parsed = cliSchema.safeParse(values);
if (!parsed.success) {
  console.error(
    `stage runtime: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
  process.exit(2);
}
const args = parsed.data;
const definition = findStage(args.stage);
if (!definition) throw new Error('unreachable: validated above');

const instance = definition.create({
  smtp: args.smtp,
  smsUrl: args['sms-url'],
  dataDir: args['data-dir'],
  receipts: { timeoutMs: args['smtp-timeout-ms'] },
});
const running = await runStage({
  stage: args.stage,
  bootstrap: args.bootstrap,
  handler: instance.handle,
  tiers: args.tiers,
  dataDir: args['data-dir'],
  sourceTopic: args.source,
  groupId: args.group,
  clientId: args['client-id'],
  sessionTimeoutMs: args['session-timeout-ms'],
  outcomeTopic: definition.outcomeTopic,
  healthPort: args['health-port'],
  ...(args['schema-registry'] ? { schemaRegistry: { url: args['schema-registry'] } } : {}),
  log: (line) => console.error(line),
  onFatalError: (error) => {
    console.error(`${args.stage}: consumer crashed and will not restart by itself: ${String(error)}`);
    process.exit(1);
  },
});
console.log(
  JSON.stringify({
    ready: true,
    stage: args.stage,
    pid: process.pid,
    healthUrl: running.healthUrl ?? null,
    topics: running.topics,
  }),
);

let shuttingDown = false;
const shutdown = (signal: string) => {
  if (shuttingDown) return;
  shuttingDown = true;
  console.error(`${args.stage}: ${signal}, stopping`);
  const forceExit = setTimeout(() => process.exit(1), 15_000);
  forceExit.unref();
  void running
    .stop()
    .then(() => instance.close())
    .then(() => process.exit(0))
    .catch((err: unknown) => {
      console.error(`${args.stage}: stop failed: ${String(err)}`);
      process.exit(1);
    });
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
