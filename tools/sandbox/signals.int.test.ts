// `npm start` as a user runs it: a signal to the npm process alone (not its process group, as a supervisor or
// `kill <pid>` sends it) must stop the whole tree and leave no temporary folder; a broker that dies is
// reported in one line and comes back on the same bootstrap.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../kafka/provision';

interface Sandbox {
  npm: ChildProcess;
  output(): string;
  tmp: string;
}

const started: Sandbox[] = [];

/** One stage, light traffic and the browser console: the lightest sandbox that still has every moving part. */
async function startSandbox(): Promise<Sandbox & { bootstrap: string; consoleUrl: string }> {
  // A folder of its own for os.tmpdir(), so "no temporary folder remains" is checked without racing others.
  const tmp = mkdtempSync(join(tmpdir(), 'eventdesk-signals-'));
  const npm = spawn('npm', ['start', '--', '--browser', '--rate', '1', '--stages', 'receipts'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: tmp },
  });
  let out = '';
  npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  npm.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const sandbox: Sandbox = { npm, output: () => out, tmp };
  started.push(sandbox);
  await waitUntil(
    () => /Ctrl-C stops everything/.test(out),
    90_000,
    () => `sandbox not ready:\n${out}`,
  );
  const bootstrap = /Kafka bootstrap\s+(\S+)/.exec(out)?.[1];
  const consoleUrl = /Console\s+(http:\/\/\S+)/.exec(out)?.[1];
  if (!bootstrap || !consoleUrl) throw new Error(`no bootstrap or console URL in:\n${out}`);
  return { ...sandbox, bootstrap, consoleUrl };
}

async function waitUntil(test: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(why());
    await sleep(200);
  }
}

/** pid → [ppid, state, command] for every process, from /proc. */
function processTable(): Map<number, { ppid: number; state: string; comm: string }> {
  const table = new Map<number, { ppid: number; state: string; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command sits in parentheses and may contain spaces; the fields after it are fixed.
      const close = stat.lastIndexOf(')');
      const [state = '?', ppid] = stat.slice(close + 2).split(' ');
      table.set(Number(entry), { ppid: Number(ppid), state, comm: stat.slice(stat.indexOf('(') + 1, close) });
    } catch {
      // gone while we looked
    }
  }
  return table;
}

function descendants(root: number): Array<{ pid: number; comm: string }> {
  const table = processTable();
  const found: Array<{ pid: number; comm: string }> = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const [pid, info] of table)
      if (info.ppid === parent) {
        found.push({ pid, comm: info.comm });
        queue.push(pid);
      }
  }
  return found;
}

function alive(pid: number): boolean {
  const info = processTable().get(pid);
  return info !== undefined && info.state !== 'Z';
}

function after(text: string, marker: string): string {
  const at = text.indexOf(marker);
  return at < 0 ? '' : text.slice(at);
}

function eventdeskTempFolders(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('eventdesk-'));
}

async function expectWholeTreeGone(sandbox: Sandbox, tree: Array<{ pid: number; comm: string }>) {
  const npmPid = sandbox.npm.pid!;
  const everyone = [{ pid: npmPid, comm: 'npm' }, ...tree];
  await waitUntil(
    () => everyone.every((p) => !alive(p.pid)),
    45_000,
    () =>
      `still running after the signal: ${everyone
        .filter((p) => alive(p.pid))
        .map((p) => `${p.pid} ${p.comm}`)
        .join(', ')}\n${sandbox.output()}`,
  );
  expect(eventdeskTempFolders(sandbox.tmp)).toEqual([]);
}

afterEach(async () => {
  // Whatever a failed test left behind must not outlive it.
  for (const sandbox of started.splice(0)) {
    const pid = sandbox.npm.pid!;
    const leftovers = alive(pid) ? descendants(pid) : [];
    for (const p of [...leftovers, { pid }])
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // group already gone
    }
    await sleep(200);
    rmSync(sandbox.tmp, { recursive: true, force: true });
  }
});

describe('npm start', () => {
  it('stops its whole tree on SIGINT to the npm process alone', { timeout: 150_000 }, async () => {
    const sandbox = await startSandbox();
    const tree = descendants(sandbox.npm.pid!);
    expect(tree.map((p) => p.comm)).toContain('java');
    expect(eventdeskTempFolders(sandbox.tmp)).not.toEqual([]);
    process.kill(sandbox.npm.pid!, 'SIGINT');
    await expectWholeTreeGone(sandbox, tree);
    expect(sandbox.output()).toMatch(/\[sandbox\] stopped\./);
  });

  it(
    'reports a dead broker in one line, brings it back on the same bootstrap, then stops on SIGTERM',
    { timeout: 150_000 },
    async () => {
      const sandbox = await startSandbox();
      const java = descendants(sandbox.npm.pid!).find((p) => p.comm === 'java');
      expect(java).toBeDefined();
      process.kill(java!.pid, 'SIGKILL');

      const died = /Kafka broker \(pid \d+\) died/g;
      await waitUntil(
        () => /Kafka broker back on/.test(sandbox.output()),
        60_000,
        () => `broker not reported back:\n${sandbox.output()}`,
      );
      expect(sandbox.output().match(died)).toHaveLength(1);
      // Quiet by default: the clients' retries and the stage's crash loop are not replayed line by line, and
      // where the console and the SMTP control are is said again after the change.
      await waitUntil(
        () =>
          /\[sandbox\] console http:\S+ {3}SMTP control http:\S+/.test(after(sandbox.output(), 'back on')),
        10_000,
        () => `console and SMTP control URLs not reprinted:\n${sandbox.output()}`,
      );
      expect(sandbox.output()).not.toMatch(/kafkajs/);
      // One line per state change: a stage may crash when the broker dies and once more if it reconnects before
      // the broker is serving again, but never repeats a state it is already in (no crash loop replayed).
      expect(sandbox.output().match(/consumer crashed/g)?.length ?? 0).toBeLessThanOrEqual(2);
      const states = [
        ...sandbox.output().matchAll(/\[receipts\] .*?(consumer crashed|joined group|: consuming )/g),
      ].map((m) => m[1]);
      states.forEach((state, i) => expect(state).not.toBe(states[i - 1]));

      const kafka = new Kafka({
        brokers: [sandbox.bootstrap],
        clientId: 'signals-test',
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      try {
        expect(await admin.listTopics()).toContain('payments.succeeded');
      } finally {
        await admin.disconnect();
      }

      const tree = descendants(sandbox.npm.pid!);
      expect(tree.map((p) => p.comm)).toContain('java');
      process.kill(sandbox.npm.pid!, 'SIGTERM');
      await expectWholeTreeGone(sandbox, tree);
    },
  );
});
