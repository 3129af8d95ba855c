// `npm start`: the whole product on one machine — a local Kafka broker, the reference payment pipeline with
// steady traffic, and the ops console (the Electron app where its binary exists, else the browser console on
// loopback). Prints where everything is; Ctrl-C tears it all down.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBroker, type RunningBroker } from './kafka/broker';
import { repoRoot } from './kafka/provision';
import { startPipelineSandbox, type PipelineSandbox } from '../services/sandbox/pipeline';
import { parseFaultLine } from '../services/sandbox/faults';
import { createConsoleBackend, type ConsoleBackend } from '../main/core/backend';
import { startBridge, type RunningBridge } from '../main/bridge/server';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5' },
    'console-port': { type: 'string', default: '0' },
    'kafka-port': { type: 'string' },
    fault: { type: 'string', multiple: true },
    stages: { type: 'string' },
    browser: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: npm start -- [--rate N] [--console-port N] [--kafka-port N] [--stages a,b] [--browser] [--fault "at 30s smtp down for 60s" ...]
  --rate          payments per second from the traffic generator (default 5; 0 for none)
  --console-port  loopback port of the browser console (default: a free one)
  --stages        comma-separated stages to run (default: all of them)
  --browser       use the browser console even where an Electron binary exists
  --fault         a fault schedule line (repeatable)`);
  process.exit(0);
}

const log = (scope: string) => (line: string) => console.log(`[${scope}] ${line}`);
const rate = Number(values.rate);
if (!Number.isFinite(rate) || rate < 0)
  throw new Error(`--rate: "${values.rate}" is not a number of payments per second`);

/** The Electron binary's path when the package installed one (it cannot be downloaded on every machine). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

let broker: RunningBroker | undefined;
let pipeline: PipelineSandbox | undefined;
let backend: ConsoleBackend | undefined;
let bridge: RunningBridge | undefined;
let electron: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-sandbox-'));

let stoppingSince = 0;
async function shutdown(code = 0): Promise<void> {
  // A terminal's Ctrl-C reaches us twice (directly and relayed by the tsx wrapper): ignore repeats for a
  // moment, but let a deliberate second Ctrl-C force the exit.
  if (stoppingSince) {
    if (Date.now() - stoppingSince > 2_000) process.exit(130);
    return;
  }
  stoppingSince = Date.now();
  {
    console.log('\n[sandbox] stopping: console, pipeline, broker ...');
    electron?.kill('SIGTERM');
    await bridge?.close().catch(() => {});
    await backend?.dispose().catch(() => {});
    await pipeline?.stop().catch((e: Error) => console.error(`[sandbox] pipeline stop: ${e.message}`));
    await broker?.stop().catch((e: Error) => console.error(`[sandbox] broker stop: ${e.message}`));
    rmSync(dataDir, { recursive: true, force: true });
    console.log('[sandbox] stopped.');
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const staticDir = join(repoRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html')) || !existsSync(join(repoRoot, 'dist', 'main'))) {
    console.log('[sandbox] building the console once (npm run build) ...');
    if (spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' }).status !== 0) {
      throw new Error('npm run build failed; see above');
    }
  }

  broker = await startBroker({
    port: values['kafka-port'] ? Number(values['kafka-port']) : undefined,
    dataDir: join(dataDir, 'kafka'),
    log: log('kafka'),
  });
  pipeline = await startPipelineSandbox({
    bootstrap: broker.bootstrap,
    dataDir: join(dataDir, 'pipeline'),
    log: log('pipeline'),
    stages: values.stages ? values.stages.split(',').filter(Boolean) : undefined,
    traffic: rate > 0 ? { ratePerSec: rate } : false,
    faults: (values.fault ?? []).map(parseFaultLine),
  });

  const binary = values.browser ? null : electronBinary();
  let consoleLine: string;
  if (binary) {
    electron = spawn(binary, [repoRoot], {
      stdio: 'inherit',
      env: {
        ...process.env,
        EVENTDESK_BOOTSTRAP: broker.bootstrap,
        EVENTDESK_PIPELINE_MAP: pipeline.pipelineMapPath,
      },
    });
    electron.once('exit', () => void shutdown(0));
    consoleLine = `Eventdesk desktop app (Electron ${binary})`;
  } else {
    backend = createConsoleBackend({
      bootstrap: [broker.bootstrap],
      pipelineMapPath: pipeline.pipelineMapPath,
    });
    bridge = await startBridge({
      handlers: backend.handlers,
      port: Number(values['console-port']),
      staticDir,
      log: log('console'),
    });
    consoleLine = `${bridge.url}   (no Electron binary here: open this in a browser)`;
  }

  const rows: Array<[string, string]> = [
    ['Kafka bootstrap', broker.bootstrap],
    ['Payment API', pipeline.api?.url ?? '(not started)'],
    ['Card processor ledger', pipeline.processor ? `${pipeline.processor.url}/charges` : '(not started)'],
    [
      'SMTP sink',
      `${pipeline.smtp.host}:${pipeline.smtp.port}   control: ${pipeline.smtp.controlUrl} (GET /mailbox, POST /mode)`,
    ],
    ['SMS provider', pipeline.sms.url],
    ...[...pipeline.stageHealth].map(([stage, url]): [string, string] => [
      `stage ${stage}`,
      url ?? '(starting)',
    ]),
    ['Traffic', rate > 0 ? `${rate} payments/s` : 'off'],
    ['Console', consoleLine],
  ];
  console.log('\nEventdesk sandbox is up:\n');
  for (const [what, where] of rows) console.log(`  ${what.padEnd(22)} ${where}`);
  console.log(
    `\nMake the email provider fail:  curl -X POST ${pipeline.smtp.controlUrl}/mode -H 'content-type: application/json' -d '{"mode":"down"}'`,
  );
  console.log('Ctrl-C stops everything.\n');
} catch (error) {
  console.error(`[sandbox] could not start: ${(error as Error).message}`);
  await shutdown(1);
}
