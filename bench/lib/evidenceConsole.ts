// The console's side of the stuck-evidence benchmark, in a process of its own so its memory is the
// console's and not the data generator's. Forked by stuckEvidence.bench.ts; each message asks for one
// answer of the kept view and gets back its wall time, CPU and the process's highest RSS during it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { StuckPaymentsResult } from '../../shared/payments';
import { createKafkajsRecords } from '../../main/core/kafka/kafkajsRecords';
import { StuckViews } from '../../main/core/payments/stuckPayments';
import { prefixedDefaultMap } from './supportBench';

const rssMiB = () => process.memoryUsage.rss() / 1048576;

export interface EvidenceAsk {
  bootstrap: string;
  prefix: string;
  from: number;
}

export interface EvidenceAnswer {
  wallMs: number;
  cpuMs: number;
  /** RSS of this process before the answer (connected, nothing read) and its highest sample during it. */
  rssBeforeMiB: number;
  rssPeakMiB: number;
  events: number;
  stuck: number;
  recordsRead: number;
}

/** BENCH_EVIDENCE_PROFILE=dir writes a CPU profile of every answer there (answer-1.cpuprofile, …). */
const profileDir = process.env.BENCH_EVIDENCE_PROFILE;
let answers = 0;

let views: StuckViews | null = null;
let records: ReturnType<typeof createKafkajsRecords> | null = null;

async function answer(ask: EvidenceAsk): Promise<EvidenceAnswer> {
  if (!records) {
    records = createKafkajsRecords({ brokers: [ask.bootstrap] });
    // A console is connected before anyone opens Payments: connecting is not part of the answer.
    await records.listTopics();
  }
  views ??= new StuckViews();
  // Sampled, not the kernel's peak: a forked process's ru_maxrss starts from its parent's RSS at the fork.
  const rssBeforeMiB = rssMiB();
  let rssPeak = rssBeforeMiB;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB())), 5);
  const session = profileDir ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result: StuckPaymentsResult = await views
    .compute(
      { records, map: prefixedDefaultMap(ask.prefix), now: () => Date.now() },
      { from: ask.from, limit: 500 },
    )
    .finally(() => clearInterval(sampler));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  rssPeak = Math.max(rssPeak, rssMiB());
  answers++;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${profileDir}/answer-${answers}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    rssBeforeMiB,
    rssPeakMiB: rssPeak,
    events: result.events,
    stuck: result.stuck,
    recordsRead: result.engine?.recordsRead ?? 0,
  };
}

process.on('message', (ask: EvidenceAsk | 'exit') => {
  if (ask === 'exit') {
    void (records?.close() ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  answer(ask).then(
    (a) => process.send!({ ok: a }),
    (error: unknown) => process.send!({ error: String((error as Error)?.stack ?? error) }),
  );
});
