// `tsx services/api/cli.ts --mode event --bootstrap 127.0.0.1:9092 --processor-url http://127.0.0.1:4010 --data ./data/api`
// Runs the payment API as its own process (the benchmark does this so the API has an event loop to itself).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startPaymentApi } from './server';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'event' },
    bootstrap: { type: 'string' },
    port: { type: 'string', default: '0' },
    'processor-url': { type: 'string' },
    data: { type: 'string' },
    topic: { type: 'string' },
    durability: { type: 'string', default: 'full' },
    smtp: { type: 'string' },
    'sms-url': { type: 'string' },
    'stage-data': { type: 'string' },
    'smtp-timeout-ms': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const cliSchema = z
  .object({
    mode: z.enum(['event', 'sync']),
    bootstrap: z.string().optional(),
    port: z.coerce.number().int().min(0).max(65535),
    'processor-url': z.string().url({ message: '--processor-url is required, e.g. http://127.0.0.1:4010' }),
    data: z.string({ message: '--data <folder> is required' }).min(1),
    topic: z.string().optional(),
    durability: z.enum(['full', 'normal']),
    smtp: z
      .string()
      .regex(/^[^:]+:\d+$/, '--smtp must be host:port')
      .optional(),
    'sms-url': z.string().url().optional(),
    'stage-data': z.string().optional(),
    'smtp-timeout-ms': z.coerce.number().int().positive().optional(),
    quiet: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'event' && !v.bootstrap)
      ctx.addIssue({ code: 'custom', message: 'event mode needs --bootstrap host:port' });
    if (v.mode === 'sync' && (!v.smtp || !v['sms-url']))
      ctx.addIssue({ code: 'custom', message: 'sync mode needs --smtp host:port and --sms-url' });
  });

const parsed = cliSchema.safeParse(values);
if (!parsed.success) {
  console.error(`payment API: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  process.exit(2);
}
const config = parsed.data;
const log = config.quiet ? () => {} : (line: string) => console.error(`[api] ${line}`);

const smtpParts = config.smtp?.split(':');
const api = await startPaymentApi({
  mode: config.mode,
  bootstrap: config.bootstrap,
  port: config.port,
  dataDir: config.data,
  processorUrl: config['processor-url'],
  topic: config.topic,
  durability: config.durability,
  stageDeps:
    smtpParts && config['sms-url']
      ? {
          smtp: { host: smtpParts[0] ?? '127.0.0.1', port: Number(smtpParts[1]) },
          smsUrl: config['sms-url'],
          dataDir: config['stage-data'] ?? `${config.data}/stages`,
          ...(config['smtp-timeout-ms'] ? { receipts: { timeoutMs: config['smtp-timeout-ms'] } } : {}),
        }
      : undefined,
  log,
});
// The first stdout line is machine-readable so a parent process can find the URL.
console.log(JSON.stringify({ url: api.url, mode: api.mode, pid: process.pid }));

const shutdown = async () => {
  await api.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
