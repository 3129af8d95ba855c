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
import { startRegistry, type RunningRegistry } from './registry/registry';
import { repoRoot } from './kafka/provision';
import { startPipelineSandbox, type PipelineSandbox } from '../services/sandbox/pipeline';
import { parseFaultLine } from '../services/sandbox/faults';
import { parseInstances } from '../services/sandbox/instances';
import { createQuietLog } from '../services/sandbox/quietLog';
import { createConsoleBackend, type ConsoleBackend } from '../main/core/backend';
import { startBridge, type RunningBridge } from '../main/bridge/server';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5' },
    'console-port': { type: 'string', default: '0' },
    'kafka-port': { type: 'string' },
    fault: { type: 'string', multiple: true },
    stages: { type: 'string' },
    instances: { type: 'string' },
    browser: { type: 'boolean', default: false },
    registry: { type: 'boolean', default: false },
    avro: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`usage: npm start -- [--rate N] [--console-port N] [--kafka-port N] [--stages a,b] [--instances N|stage=N,...] [--browser] [--registry [--avro]] [--verbose] [--fault "at 30s smtp down for 60s" ...]
  --rate          payments per second from the traffic generator (default 5; 0 for none)
  --console-port  loopback port of the browser console (default: a free one)
  --stages        comma-separated stages to run (default: all of them)
  --instances     processes per stage, all in the stage's one consumer group: "2" for every stage, or
                  "receipts=3,cashback=2" (others run one; default 1). Topics get max(6, N) partitions
  --browser       use the browser console even where an Electron binary exists
  --registry      also start a schema registry (Apicurio, in memory) and let the console decode with it
  --avro          payment_success values in Avro (Confluent wire format, schema in that registry; implies --registry)
  --verbose       every log line of every stage and client (default: one line per state change)
  --fault         a fault schedule line (repeatable)`);
  process.exit(0);
}

const quiet = createQuietLog((line) => console.log(line), { verbose: values.verbose ?? false });
const log = (scope: string) => quiet.scope(scope);
const instances = values.instances ? parseInstances(values.instances) : undefined;
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
let registry: RunningRegistry | undefined;
let pipeline: PipelineSandbox | undefined;
let backend: ConsoleBackend | undefined;
let bridge: RunningBridge | undefined;
let electron: ChildProcess | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-sandbox-'));

/** Graceful stop gets this long before every child still running is SIGKILLed. */
const STOP_TIMEOUT_MS = 20_000;

/** SIGKILLs every child process still running: the last resort, so none outlives the sandbox. */
function killChildren(): void {
  const pids = [
    broker?.pid,
    electron?.pid,
    ...[...(pipeline?.stageInstances.values() ?? [])].flat().map((s) => s.pid),
  ];
  for (const pid of pids) {
    if (!pid || pid < 0) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

let stopping = false;
let reprintWhere = () => {};
async function shutdown(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => {
    console.error(`[sandbox] not stopped after ${STOP_TIMEOUT_MS / 1000} s: killing what is left.`);
    killChildren();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code || 1);
  }, STOP_TIMEOUT_MS);
  force.unref();
  console.log('\n[sandbox] stopping: console, pipeline, broker ...');
  electron?.kill('SIGTERM');
  await bridge?.close().catch(() => {});
  await backend?.dispose().catch(() => {});
  await pipeline?.stop().catch((e: Error) => console.error(`[sandbox] pipeline stop: ${e.message}`));
  await broker?.stop().catch((e: Error) => console.error(`[sandbox] broker stop: ${e.message}`));
  await registry?.stop().catch((e: Error) => console.error(`[sandbox] registry stop: ${e.message}`));
  rmSync(dataDir, { recursive: true, force: true });
  console.log('[sandbox] stopped.');
  process.exit(code);
}

// A terminal's Ctrl-C reaches every process of the group; npm passes SIGINT/SIGTERM on to this process when
// only npm gets it. The first signal stops everything gracefully; another one, after a moment (a single
// Ctrl-C can arrive twice, directly and relayed), means "now": every child is SIGKILLed.
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!firstSignalAt) {
      firstSignalAt = Date.now();
      void shutdown(0);
    } else if (Date.now() - firstSignalAt > 1_000) {
      console.error(`[sandbox] ${signal} again: killing everything now.`);
      killChildren();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    }
  });
}
// Whatever the way out (an uncaught error included), no child process is left behind.
process.on('exit', killChildren);

/** The broker died under the sandbox: say so in one line, and bring it back on the same port and data. */
async function restartBroker(exit: { pid: number; code: number | null; signal: string | null }) {
  // Ctrl-C in a terminal signals the JVM too; its exit then belongs to the stop that the same signal starts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (stopping || !broker) return;
  const how = exit.signal ?? `exit code ${exit.code}`;
  console.log(
    `[sandbox] Kafka broker (pid ${exit.pid}) died (${how}); restarting it on ${broker.bootstrap} with the same data ...`,
  );
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await broker.restart();
      if (stopping) return;
      quiet.reset();
      console.log(
        `[sandbox] Kafka broker back on ${broker.bootstrap} (pid ${broker.pid}) in ${(broker.startupMs / 1000).toFixed(1)} s`,
      );
      reprintWhere();
      return;
    } catch (error) {
      if (stopping) return;
      lastError = error as Error;
    }
  }
  console.error(
    `[sandbox] Kafka broker could not be restarted (2 attempts), stopping: ${lastError?.message.split('\n')[0]}`,
  );
  await shutdown(1);
}

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
    onUnexpectedExit: (exit) => void restartBroker(exit),
  });
  if (values.registry || values.avro) registry = await startRegistry({ log: log('registry') });
  pipeline = await startPipelineSandbox({
    bootstrap: broker.bootstrap,
    dataDir: join(dataDir, 'pipeline'),
    log: log('pipeline'),
    stages: values.stages ? values.stages.split(',').filter(Boolean) : undefined,
    instances,
    traffic: rate > 0 ? { ratePerSec: rate } : false,
    faults: (values.fault ?? []).map(parseFaultLine),
    ...(values.avro && registry ? { avro: { schemaRegistry: registry.url } } : {}),
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
        ...(registry ? { EVENTDESK_SCHEMA_REGISTRY: registry.url } : {}),
      },
    });
    electron.once('exit', () => void shutdown(0));
    consoleLine = `Eventdesk desktop app (Electron ${binary})`;
  } else {
    backend = createConsoleBackend({
      bootstrap: [broker.bootstrap],
      pipelineMapPath: pipeline.pipelineMapPath,
      ...(registry ? { schemaRegistry: { url: registry.url } } : {}),
    });
    bridge = await startBridge({
      handlers: backend.handlers,
      live: backend.live,
      port: Number(values['console-port']),
      staticDir,
      log: log('console'),
    });
    consoleLine = `${bridge.url}   (no Electron binary here: open this in a browser)`;
  }

  const rows: Array<[string, string]> = [
    ['Kafka bootstrap', broker.bootstrap],
    ...(registry ? [['Schema registry', registry.url] as [string, string]] : []),
    ['Payment API', pipeline.api?.url ?? '(not started)'],
    ['Card processor ledger', pipeline.processor ? `${pipeline.processor.url}/charges` : '(not started)'],
    [
      'SMTP sink',
      `${pipeline.smtp.host}:${pipeline.smtp.port}   control: ${pipeline.smtp.controlUrl} (GET /mailbox, POST /mode)`,
    ],
    ['SMS provider', pipeline.sms.url],
    ...[...pipeline.stageInstanceHealth].flatMap(([stage, urls]) =>
      urls.map((url, i): [string, string] => [
        urls.length > 1 ? `stage ${stage} #${i + 1}` : `stage ${stage}`,
        url ?? '(starting)',
      ]),
    ),
    ['Traffic', `${rate > 0 ? `${rate} payments/s` : 'off'}${values.avro ? ', Avro values' : ''}`],
    ['Console', consoleLine],
  ];
  console.log('\nEventdesk sandbox is up:\n');
  for (const [what, where] of rows) console.log(`  ${what.padEnd(22)} ${where}`);
  console.log(
    `\nMake the email provider fail:  curl -X POST ${pipeline.smtp.controlUrl}/mode -H 'content-type: application/json' -d '{"mode":"down"}'`,
  );
  console.log('Ctrl-C stops everything.\n');

  // The log keeps scrolling with state changes: after each burst of them, say again where things are.
  const where = `[sandbox] console ${bridge?.url ?? consoleLine}   SMTP control ${pipeline.smtp.controlUrl}`;
  let reprint: NodeJS.Timeout | undefined;
  reprintWhere = () => {
    clearTimeout(reprint);
    reprint = setTimeout(() => console.log(where), 2_000);
    reprint.unref();
  };
  if (!values.verbose) quiet.onPrinted = reprintWhere;
} catch (error) {
  console.error(`[sandbox] could not start: ${(error as Error).message}`);
  await shutdown(1);
}
