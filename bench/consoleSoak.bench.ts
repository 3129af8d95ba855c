// A console left open on the home and Payments pages while the sandbox pipeline takes traffic: the console
// (the shipped bridge, dist/main/bridge/cli.mjs, a process of its own) is sampled every 5 s over the last minute
// of the warm-up and the last minute of the run, every minute between; its RSS growth (median against median)
// and CPU share are the result. The peer is the console's own state at the end of the warm-up.
// Target (issue 13): RSS growth < 10 %, CPU < 10 % of one core, over 30 minutes at 50 payments/s. The console
// runs with lib/heapLog.mjs preloaded, so the result also says where its memory is: each thread's V8 heap by
// space, and what lies outside the V8 heaps.
//
//   npm run build && npm run bench -- consoleSoak
//   BENCH_SOAK_MINUTES=30 BENCH_SOAK_RATE=50 npm run bench -- consoleSoak
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { z } from 'zod';
import { fmt, markdownTable, median } from './lib/table';
import { cpuSeconds } from './lib/procStat';
import { SEMI_SPACE_FLAG } from '../main/core/workers/youngGeneration';
import { log, machineNote, writeResult } from './lib/supportBench';

const env = z
  .object({
    BENCH_SOAK_MINUTES: z.coerce.number().positive().default(30),
    BENCH_SOAK_WARMUP_MINUTES: z.coerce.number().positive().default(2),
    BENCH_SOAK_RATE: z.coerce.number().positive().default(50),
    BENCH_SOAK_KAFKA_PORT: z.coerce.number().int().positive().default(19392),
  })
  .parse(process.env);

const children: ChildProcess[] = [];
/** Starts a process and resolves with the first match of `ready` in its output. */
function start(
  command: string,
  args: string[],
  ready: RegExp,
  what: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
    children.push(child);
    let seen = '';
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-20_000);
      const match = seen.match(ready);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${what} exited ${code} before it was ready:\n${seen}`)));
  });
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
function sample(pid: number): { cpuSeconds: number; rssMiB: number; at: number; wallAt: number } {
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return { cpuSeconds: cpuSeconds(pid), rssMiB: rssKiB / 1024, at: performance.now(), wallAt: Date.now() };
}

type Sample = ReturnType<typeof sample>;
/**
 * Twelve samples, 5 s apart: the minute that ends the warm-up or the run. Within a steady minute the console's
 * RSS swings by some 12 MiB (128–141 MiB in /proc/PID/smaps every 10 s) as V8's collections give heap pages
 * back and take them again, so one sample at each end could land on either side of a swing; each end is a
 * minute's median.
 */
async function sampleMinute(pid: number): Promise<Sample[]> {
  const minute: Sample[] = [];
  for (let i = 0; i < 12; i++) {
    if (i > 0) await sleep(5_000);
    minute.push(sample(pid));
  }
  return minute;
}
const medianRss = (minute: readonly Sample[]) => median(minute.map((s) => s.rssMiB));

/** One line of lib/heapLog.mjs: a thread's V8 heap by space; the main thread's also has the process's RSS. */
interface HeapLine {
  at: number;
  thread: number;
  spaces: Record<string, number>;
  /** The isolate's ArrayBuffers (Buffers among them): outside its V8 heap, inside the process's RSS. */
  arrayBuffers: number;
  rss?: number;
}
const heapLog = join(tmpdir(), `eventdesk-soak-heap-${process.pid}.jsonl`);
const MiB = (bytes: number) => `${fmt(bytes / 1048576, 0)} MiB`;

/** Where the console's memory was at a time: the last heap line of every thread at or before it. */
function memoryAt(lines: readonly HeapLine[], at: number) {
  const byThread = new Map<number, HeapLine>();
  for (const line of lines) if (line.at <= at) byThread.set(line.thread, line);
  const main = byThread.get(0);
  const heapOf = (l: HeapLine) => Object.values(l.spaces).reduce((a, b) => a + b, 0);
  const workers = [...byThread.values()].filter((l) => l.thread !== 0);
  const workerHeaps = workers.reduce((a, l) => a + heapOf(l), 0);
  if (!main?.rss) return null;
  const arrayBuffers = [...byThread.values()].reduce((a, l) => a + l.arrayBuffers, 0);
  const space = (name: string) => main.spaces[name] ?? 0;
  const known = space('new_space') + space('old_space') + space('code_space') + space('large_object_space');
  return {
    at: main.at,
    cells: [
      MiB(main.rss),
      `${MiB(heapOf(main))}: new ${MiB(space('new_space'))}, old ${MiB(space('old_space'))}, code ${MiB(space('code_space'))}, large objects ${MiB(space('large_object_space'))}, other ${MiB(heapOf(main) - known)}`,
      `${MiB(workerHeaps)} (${workers.length} threads)`,
      MiB(arrayBuffers),
      MiB(main.rss - heapOf(main) - workerHeaps - arrayBuffers),
    ],
  };
}

const rows: (string | number)[][] = [];
const memoryRows: (string | number)[][] = [];
try {
  log(`starting the sandbox at ${env.BENCH_SOAK_RATE} payments/s`);
  await start(
    'npm',
    [
      'start',
      '--',
      '--browser',
      '--rate',
      String(env.BENCH_SOAK_RATE),
      '--kafka-port',
      String(env.BENCH_SOAK_KAFKA_PORT),
    ],
    /Eventdesk sandbox is up/,
    'the sandbox',
  );
  log('starting the console (the shipped bridge)');
  const bridgeUrl = (
    await start(
      process.execPath,
      [
        // As `npm run console` launches it.
        SEMI_SPACE_FLAG,
        'dist/main/bridge/cli.mjs',
        '--bootstrap',
        `127.0.0.1:${env.BENCH_SOAK_KAFKA_PORT}`,
        '--static',
        'dist/renderer',
      ],
      /Eventdesk console: (\S+)/,
      'the console',
      {
        ...process.env,
        NODE_OPTIONS: `--import ${fileURLToPath(new URL('./lib/heapLog.mjs', import.meta.url))}`,
        HEAP_LOG: heapLog,
      },
    )
  )[1]!;
  const consolePid = children[children.length - 1]!.pid!;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-background-networking', '--no-sandbox'],
  });
  // The bridge's address is http://127.0.0.1:PORT/?token=TOKEN; the hash picks the page.
  for (const route of ['', 'payments']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${bridgeUrl}#/${route}`);
  }
  log(`warming up for ${env.BENCH_SOAK_WARMUP_MINUTES} min`);
  await sleep((env.BENCH_SOAK_WARMUP_MINUTES - 1) * 60_000);
  const warmMinute = await sampleMinute(consolePid);
  const warm = warmMinute.at(-1)!;
  const samples = [warm];
  const endAt = performance.now() + (env.BENCH_SOAK_MINUTES - env.BENCH_SOAK_WARMUP_MINUTES) * 60_000;
  while (endAt - performance.now() > 60_000) {
    await sleep(Math.min(60_000, endAt - performance.now() - 60_000));
    samples.push(sample(consolePid));
    log(`console RSS ${fmt(samples.at(-1)!.rssMiB, 0)} MiB`);
  }
  const lastMinute = await sampleMinute(consolePid);
  const end = lastMinute.at(-1)!;
  samples.push(end);
  const cpuShare = (end.cpuSeconds - warm.cpuSeconds) / ((end.at - warm.at) / 1000);
  const growth = medianRss(lastMinute) / medianRss(warmMinute) - 1;
  await browser.close();
  const lines = readFileSync(heapLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HeapLine);
  const startedAt = warm.wallAt - env.BENCH_SOAK_WARMUP_MINUTES * 60_000;
  let lastAt = -1;
  for (const s of samples) {
    const memory = memoryAt(lines, s.wallAt);
    if (!memory || memory.at === lastAt) continue; // the end sample can fall after the last minute's heap line
    lastAt = memory.at;
    memoryRows.push([`${fmt((memory.at - startedAt) / 60_000, 1)} min`, ...memory.cells]);
  }
  const spread = (minute: Sample[]) =>
    `${fmt(medianRss(minute), 0)} MiB (${fmt(Math.min(...minute.map((s) => s.rssMiB)), 0)}–${fmt(Math.max(...minute.map((s) => s.rssMiB)), 0)})`;
  rows.push(
    [
      `minute ${env.BENCH_SOAK_WARMUP_MINUTES}, the end of the warm-up (the peer)`,
      spread(warmMinute),
      '',
      '',
    ],
    [
      `minute ${env.BENCH_SOAK_MINUTES}`,
      `${spread(lastMinute)}; highest sample ${fmt(Math.max(...samples.map((s) => s.rssMiB)), 0)}`,
      `${fmt(growth * 100, 1)} % (target < 10 %)`,
      `${fmt(cpuShare * 100, 1)} % of one core (target < 10 %)`,
    ],
  );
} finally {
  rmSync(heapLog, { force: true });
  for (const child of children.reverse())
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  await sleep(5_000);
  for (const child of children)
    if (child.pid && child.exitCode === null)
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
}
writeResult(
  'consoleSoak',
  `## A console left open on the home and Payments pages (${new Date().toISOString()})\n\n` +
    markdownTable(
      [
        'console (bridge process)',
        'RSS: median of the minute (range)',
        'RSS growth (medians)',
        'CPU after the warm-up',
      ],
      rows,
    ) +
    '\n\nWhere the memory is (lib/heapLog.mjs, sampled every 30 s; the last sample before each minute):\n\n' +
    markdownTable(
      [
        'since start',
        'RSS',
        'main thread V8 heap',
        'worker threads V8 heaps',
        'ArrayBuffers (all threads)',
        'the rest (native: malloc, code, stacks)',
      ],
      memoryRows,
    ) +
    `\n\nSandbox traffic ${env.BENCH_SOAK_RATE} payments/s through every stage; two Chromium pages (home, Payments) open on the shipped bridge (dist/main/bridge/cli.mjs) with live updates; samples from /proc every minute, every 5 s in the first and last minute. ${machineNote()}`,
);
process.exit(0);
