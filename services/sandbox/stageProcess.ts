// Runs a stage (services/runtime/cli.ts) as its own OS process, so it can be SIGKILLed and restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const exitWithParent = fileURLToPath(new URL('./exitWithParent.ts', import.meta.url));

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface StageProcessArgs {
  stage: string;
  bootstrap: string;
  dataDir: string;
  smtp: string;
  smsUrl: string;
  /** Comma-separated retry delays in ms, e.g. "200,1000". */
  tiers?: string;
  source?: string;
  /** Consumer group; the stage name when omitted. */
  group?: string;
  /** Kafka client id; tells instances of one group apart in the console's member list. */
  clientId?: string;
  healthPort?: number;
  sessionTimeoutMs?: number;
  /** Decode Avro values with this registry (the sandbox's --avro). */
  schemaRegistry?: string;
}

export interface StageProcess {
  readonly stage: string;
  readonly pid: number;
  /** Resolves once the stage has joined its group and is consuming. */
  ready: Promise<{ healthUrl: string | null }>;
  exited: Promise<number | null>;
  /** The last 8 kB of the process's stderr (its log). */
  stderr(): string;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function cliArgv(args: StageProcessArgs): string[] {
  const argv = [
    '--stage',
    args.stage,
    '--bootstrap',
    args.bootstrap,
    '--data-dir',
    args.dataDir,
    '--smtp',
    args.smtp,
    '--sms-url',
    args.smsUrl,
  ];
  if (args.tiers) argv.push('--tiers', args.tiers);
  if (args.source) argv.push('--source', args.source);
  if (args.group) argv.push('--group', args.group);
  if (args.clientId) argv.push('--client-id', args.clientId);
  if (args.sessionTimeoutMs) argv.push('--session-timeout-ms', String(args.sessionTimeoutMs));
  if (args.schemaRegistry) argv.push('--schema-registry', args.schemaRegistry);
  argv.push('--health-port', String(args.healthPort ?? 0));
  return argv;
}

export function spawnStageProcess(
  args: StageProcessArgs,
  log: (line: string) => void = () => {},
): StageProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', exitWithParent, 'services/runtime/cli.ts', ...cliArgv(args)],
    {
      cwd: repoRoot,
      // stdin stays open and unused: its end tells the stage that this process is gone (exitWithParent.ts).
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-8000);
    for (const line of text.split('\n')) if (line.trim()) log(`[${args.stage}] ${line}`);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ healthUrl: string | null }>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (line) resolve(JSON.parse(line) as { healthUrl: string | null });
    });
    void exited.then((code) =>
      reject(new Error(`stage ${args.stage} exited (${code}) before it was ready: ${stderr}`)),
    );
  });
  // A rejection nobody awaits (the process was killed after ready) must not crash the parent.
  ready.catch(() => {});
  return {
    stage: args.stage,
    pid: child.pid ?? -1,
    ready,
    exited,
    stderr: () => stderr,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
