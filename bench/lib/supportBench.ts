// Shared pieces of the support-workflow benchmarks: a broker (own or BENCH_BOOTSTRAP), timing of peers
// run as shell pipelines, peak RSS, and writing the results table.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker';
import { repoRoot } from '../../tools/kafka/provision';
import { defaultPipelineMap, type PipelineMap } from '../../shared/pipelineMap';

export const log = (line: string): void => console.error(`[bench] ${line}`);

export async function benchBroker(): Promise<{ bootstrap: string; stop: () => Promise<void> }> {
  const existing = process.env.BENCH_BOOTSTRAP;
  if (existing) return { bootstrap: existing, stop: async () => undefined };
  const broker: RunningBroker = await startBroker({ log });
  return { bootstrap: broker.bootstrap, stop: () => broker.stop() };
}

/** Runs a shell command; resolves with its stdout and wall time in ms. */
export function timeShell(command: string): Promise<{ ms: number; stdout: string }> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn('bash', ['-o', 'pipefail', '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('exit', (code) =>
      code === 0
        ? ok({ ms: performance.now() - started, stdout })
        : fail(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function writeResult(name: string, markdown: string): void {
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), markdown + '\n');
  console.log(markdown);
}

/** The machine's state during the run: shared CI/dev machines make absolute times noisy. */
export function machineNote(): string {
  const [one, five] = loadavg();
  return `Machine: ${cpus().length} cores, load average ${one!.toFixed(1)} (1 min) / ${five!.toFixed(1)} (5 min) at the end of the run.`;
}

/** The reference pipeline map with every topic and group name prefixed, so a run never meets an earlier one's. */
export function prefixedDefaultMap(prefix: string): PipelineMap {
  const base = defaultPipelineMap();
  return {
    ...base,
    sourceTopic: `${prefix}.src`,
    ledgerTopic: `${prefix}.ledger`,
    stages: base.stages.map((s) => ({
      ...s,
      consumerGroup: `${prefix}-${s.name}`,
      retryTopics: s.retryTopics.map((_, i) => `${prefix}.${s.name}.retry.${i + 1}`),
      dlqTopic: `${prefix}.${s.name}.dlq`,
      redeliveryTopic: `${prefix}.${s.name}.redelivery`,
      ...(s.outcomeTopic ? { outcomeTopic: `${prefix}.${s.outcomeTopic}` } : {}),
    })),
  };
}
