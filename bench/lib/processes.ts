// Starts the payment API as its own Node process (so it gets an event loop to itself, as in production) and
// reads the URL from its first stdout line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';

export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const readyLineSchema = z.object({ url: z.string().url(), mode: z.enum(['event', 'sync']), pid: z.number() });

export async function spawnPaymentApi(
  args: Record<string, string | undefined>,
  log: (line: string) => void = () => {},
  /** Extra Node flags, e.g. ['--cpu-prof'] to see where the API spends its time. */
  nodeFlags: string[] = [],
): Promise<ApiProcess> {
  const argv = [...nodeFlags, '--import', 'tsx', 'services/api/cli.ts', '--quiet'];
  for (const [name, value] of Object.entries(args)) if (value !== undefined) argv.push(`--${name}`, value);
  const child: ChildProcess = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`payment API did not start within 30 s: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`payment API exited (${code}) during start-up: ${stderr}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(readyLineSchema.parse(JSON.parse(line)).url);
      } catch (err) {
        reject(new Error(`unexpected first line from the payment API: ${line} (${(err as Error).message})`));
      }
    });
  });
  log(`payment API ${args.mode ?? ''} pid ${child.pid} at ${url}`);
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
