// Where the event API's time goes at max throughput: own broker, card processor (latency 0) in this process, the
// API as its own process under `node --cpu-prof`, wrk as the load driver. Prints throughput, API CPU per payment
// and the profile's top areas and functions. Not a *.bench.ts (bench/run.ts skips it); run it by hand:
//
//   npx tsx bench/profileApi.ts [--durability full|normal] [--seconds 10] [--connections 32]
//   npx tsx bench/profileApi.ts --baseline /tmp/base --rounds 3   # A/B: alternate runs against another checkout
//
// On a shared 2-core box one run says little; --baseline alternates this checkout's API with another checkout's
// (e.g. `git worktree add /tmp/base HEAD~1` + a node_modules symlink) on the same broker, round after round.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBroker } from '../tools/kafka/broker';
import { startCardProcessor } from '../services/processor/server';
import { summarizeCpuProfile } from './lib/cpuProfile';
import { spawnPaymentApi } from './lib/processes';
import { cpuSeconds } from './lib/procStat';
import { fmt, markdownTable, pct } from './lib/table';
import { runWrk, wrkAvailable } from './lib/wrkLoad';

const { values } = parseArgs({
  options: {
    durability: { type: 'string', default: 'full' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    bootstrap: { type: 'string' },
    baseline: { type: 'string' },
    rounds: { type: 'string', default: '1' },
  },
});
const log = (line: string) => console.error(`[profile] ${line}`);
if (!wrkAvailable()) throw new Error('wrk is not installed (apt-get install wrk)');

const workDir = mkdtempSync(join(tmpdir(), 'eventdesk-profile-'));
const broker = values.bootstrap ? null : await startBroker({ log });
const bootstrap = values.bootstrap ?? broker!.bootstrap;
const processor = await startCardProcessor({ latencyMs: 0, dedupeByIdempotencyKey: false });
const connections = Number(values.connections);
const topic = `payments.profile-${Date.now().toString(36)}`;

interface Run {
  label: string;
  okPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerPayment: number;
  coreShare: number;
  processorMsPerPayment: number;
  statuses: Record<string, number>;
  profile?: string;
}

async function measure(
  label: string,
  root: string | undefined,
  round: number,
  profile: boolean,
): Promise<Run> {
  const profDir = join(workDir, `prof-${label}-${round}`);
  const api = await spawnPaymentApi(
    {
      mode: 'event',
      bootstrap,
      topic,
      'processor-url': processor.url,
      data: join(workDir, `api-${label}-${round}`),
      durability: values.durability,
    },
    log,
    profile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
    root,
  );
  log(`${label} round ${round}: warm-up 3 s`);
  await runWrk({ url: `${api.url}/payments`, kind: 'payments', connections, durationMs: 3_000 });
  const cpuBefore = cpuSeconds(api.pid);
  const selfBefore = process.cpuUsage();
  const result = await runWrk({
    url: `${api.url}/payments`,
    kind: 'payments',
    connections,
    durationMs: Number(values.seconds) * 1000,
  });
  const apiCpu = cpuSeconds(api.pid) - cpuBefore;
  const self = process.cpuUsage(selfBefore);
  await api.stop();
  const prof = profile ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  return {
    label,
    okPerSecond: result.okPerSecond,
    p50: result.latencyMs.p50,
    p99: result.latencyMs.p99,
    cpuMsPerPayment: (1000 * apiCpu) / result.ok,
    coreShare: apiCpu / result.seconds,
    processorMsPerPayment: (self.user + self.system) / 1000 / result.ok,
    statuses: result.statuses,
    profile: prof ? join(profDir, prof) : undefined,
  };
}

const runs: Run[] = [];
for (let round = 1; round <= Number(values.rounds); round += 1) {
  if (values.baseline) runs.push(await measure('baseline', values.baseline, round, false));
  runs.push(await measure('this', undefined, round, round === 1));
}
await processor.close();
await broker?.stop();

console.log(
  `\nevent API, durability ${values.durability}, ${connections} connections, wrk, ${values.seconds} s per run after a 3 s warm-up, load average ${fmt(loadavg()[0] ?? Number.NaN, 1)}\n`,
);
console.log(
  markdownTable(
    [
      'checkout',
      'payments/s (201)',
      'p50 ms',
      'p99 ms',
      'API CPU ms/payment',
      'API % of a core',
      'processor ms/payment',
      'statuses',
    ],
    runs.map((r) => [
      r.label,
      fmt(r.okPerSecond, 0),
      fmt(r.p50),
      fmt(r.p99),
      fmt(r.cpuMsPerPayment, 3),
      fmt(100 * r.coreShare, 0),
      fmt(r.processorMsPerPayment, 3),
      JSON.stringify(r.statuses),
    ]),
  ),
);
const profiled = runs.find((r) => r.profile);
if (profiled?.profile) {
  // The profile covers the warm-up and the run; shares are of the API's busy (non-idle) time.
  const summary = summarizeCpuProfile(profiled.profile);
  console.log(
    `\nprofile of "this": ${fmt(summary.totalMs / 1000, 1)} s sampled, ${pct(summary.idleMs, summary.totalMs)} idle\n`,
  );
  console.log(
    markdownTable(
      ['area', 'self ms', 'share of busy'],
      summary.byArea.slice(0, 15).map((a) => [a.name, fmt(a.ms, 0), pct(a.share, 1)]),
    ),
  );
  console.log('');
  console.log(
    markdownTable(
      ['function', 'self ms', 'share of busy'],
      summary.byFunction.map((a) => [a.name, fmt(a.ms, 0), pct(a.share, 1)]),
    ),
  );
}
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
