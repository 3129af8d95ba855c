// Starts the payment API and the receipts stage as their own Node processes (each gets an event loop to itself,
// as in production, and none of them can stall the load generator) and waits for their machine-readable ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export interface ChildService<Ready> {
  ready: Ready;
  pid: number;
  stop(): Promise<void>;
}

export type ApiProcess = ChildService<{ url: string }> & { url: string };

async function spawnUntilReady<Ready>(
  script: string,
  args: Record<string, string | undefined>,
  readySchema: z.ZodType<Ready>,
  nodeFlags: string[],
  cwd: string = process.cwd(),
): Promise<ChildService<Ready>> {
  const argv = [...nodeFlags, '--import', 'tsx', script];
  for (const [name, value] of Object.entries(args)) if (value !== undefined) argv.push(`--${name}`, value);
  const child: ChildProcess = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start within 60 s: ${stderr}`)),
      60_000,
    );
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) during start-up: ${stderr}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(readySchema.parse(JSON.parse(line)));
      } catch (err) {
        reject(new Error(`unexpected first line from ${script}: ${line} (${(err as Error).message})`));
      }
    });
  });
  return {
    ready,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

const apiReadySchema = z.object({ url: z.string().url(), mode: z.enum(['event', 'sync']), pid: z.number() });

export async function spawnPaymentApi(
  args: Record<string, string | undefined>,
  log: (line: string) => void = () => {},
  /** Extra Node flags, e.g. ['--cpu-prof'] to see where the API spends its time. */
  nodeFlags: string[] = [],
  /** Checkout to run the API from (default: this one), e.g. a worktree of the previous commit for an A/B run. */
  root?: string,
): Promise<ApiProcess> {
  const child = await spawnUntilReady('services/api/cli.ts', args, apiReadySchema, nodeFlags, root);
  log(`payment API ${args.mode ?? ''} pid ${child.pid} at ${child.ready.url}`);
  return { ...child, url: child.ready.url };
}

const stageReadySchema = z.object({
  ready: z.literal(true),
  stage: z.string(),
  pid: z.number(),
  healthUrl: z.string().nullable(),
});
export type StageProcess = ChildService<z.infer<typeof stageReadySchema>>;

/** One stage on the consumers engineer's runtime CLI (services/runtime/cli.ts). */
export async function spawnStageRuntime(
  args: Record<string, string | undefined>,
  log: (line: string) => void = () => {},
): Promise<StageProcess> {
  const child = await spawnUntilReady('services/runtime/cli.ts', args, stageReadySchema, []);
  log(`stage ${child.ready.stage} pid ${child.pid}, health ${child.ready.healthUrl ?? 'none'}`);
  return child;
}
