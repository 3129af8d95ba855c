// A console left open on the home and Payments pages while the sandbox pipeline takes traffic: the console
// (the shipped bridge, dist/main/bridge/cli.mjs, a process of its own) is sampled after the warm-up and at
// the end; its RSS growth and CPU share are the result. The peer is the console's own state after the warm-up.
// Target (issue 13): RSS growth < 10 %, CPU < 10 % of one core, over 30 minutes at 50 payments/s.
//
//   npm run build && npm run bench -- consoleSoak
//   BENCH_SOAK_MINUTES=30 BENCH_SOAK_RATE=50 npm run bench -- consoleSoak
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { z } from 'zod';
import { fmt, markdownTable } from './lib/table';
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
function start(command: string, args: string[], ready: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
function sample(pid: number): { cpuSeconds: number; rssMiB: number; at: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (clock ticks of 1/100 s)
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  return { cpuSeconds: ticks / 100, rssMiB: rssKiB / 1024, at: performance.now() };
}

const rows: (string | number)[][] = [];
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
        'dist/main/bridge/cli.mjs',
        '--bootstrap',
        `127.0.0.1:${env.BENCH_SOAK_KAFKA_PORT}`,
        '--static',
        'dist/renderer',
      ],
      /Eventdesk console: (\S+)/,
      'the console',
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
  await sleep(env.BENCH_SOAK_WARMUP_MINUTES * 60_000);
  const warm = sample(consolePid);
  const samples = [warm];
  const endAt = performance.now() + (env.BENCH_SOAK_MINUTES - env.BENCH_SOAK_WARMUP_MINUTES) * 60_000;
  while (performance.now() < endAt) {
    await sleep(Math.min(60_000, Math.max(0, endAt - performance.now())));
    samples.push(sample(consolePid));
    log(`console RSS ${fmt(samples.at(-1)!.rssMiB, 0)} MiB`);
  }
  const end = samples.at(-1)!;
  const cpuShare = (end.cpuSeconds - warm.cpuSeconds) / ((end.at - warm.at) / 1000);
  const growth = end.rssMiB / warm.rssMiB - 1;
  await browser.close();
  rows.push(
    [
      `after the ${env.BENCH_SOAK_WARMUP_MINUTES} min warm-up (the peer)`,
      `${fmt(warm.rssMiB, 0)} MiB`,
      '',
      '',
    ],
    [
      `after ${env.BENCH_SOAK_MINUTES} min`,
      `${fmt(end.rssMiB, 0)} MiB (highest sample ${fmt(Math.max(...samples.map((s) => s.rssMiB)), 0)})`,
      `${fmt(growth * 100, 1)} % (target < 10 %)`,
      `${fmt(cpuShare * 100, 1)} % of one core (target < 10 %)`,
    ],
  );
} finally {
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
    markdownTable(['console (bridge process)', 'RSS', 'RSS growth', 'CPU after the warm-up'], rows) +
    `\n\nSandbox traffic ${env.BENCH_SOAK_RATE} payments/s through every stage; two Chromium pages (home, Payments) open on the shipped bridge (dist/main/bridge/cli.mjs) with live updates; samples from /proc every minute. ${machineNote()}`,
);
process.exit(0);
