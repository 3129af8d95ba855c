// The shipped bundles load and work under plain Node: `npm run build:main` into a scratch folder, then
// main.cjs (with a stand-in for 'electron') serves IPC channels against the broker, the preload exposes
// its API, and the bridge CLI answers over HTTP. Type-checking and tsx never see a bundle; this does.
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTestResult, ProfileView } from '../shared/access';
import type { ScanProgress } from '../shared/browse';
import type { ClusterStatus, ConnectionStatus } from '../shared/cluster';
import type { StuckPaymentsResult } from '../shared/payments';
import type { Result } from '../shared/failure';
import type { RedeliveryJobStatus } from '../shared/redelivery';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { createMapTopics, testPipelineMap } from '../main/core/test/testPipeline';
import { repoRoot } from './kafka/provision';
import { testBootstrap, uniqueName } from './test/kafka';
import { channels } from '../shared/contract';

const standIn = join(repoRoot, 'tools', 'test', 'electronStandIn.cjs');
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');

/** Calls `ask` until `done` holds for its answer (every 100 ms, up to timeoutMs). */
async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

function valueOf<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

interface StandInMessage {
  id?: number;
  result?: unknown;
  error?: string;
  ready?: { channels: string[] };
  exposed?: { name: string; keys: string[]; frozen: boolean };
}

/** A bundle forked under the electron stand-in, with its messages and a call() over the control channel. */
function forkUnderStandIn(entry: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const child = fork(entry, args, {
    execArgv: ['--require', standIn],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const messages: StandInMessage[] = [];
  const waiters = new Set<() => void>();
  child.on('message', (m: StandInMessage) => {
    messages.push(m);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const next = (match: (m: StandInMessage) => boolean, timeoutMs = 20_000): Promise<StandInMessage> =>
    new Promise((ok, fail) => {
      const check = () => {
        const found = messages.find(match);
        if (!found) return;
        cleanup();
        ok(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        fail(new Error(`no answer from ${entry} within ${timeoutMs} ms; its output:\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      void exited.then((code) => {
        cleanup();
        fail(new Error(`${entry} exited (${code}); its output:\n${output}`));
      });
      waiters.add(check);
      check();
    });
  let nextId = 0;
  const call = async (message: Record<string, unknown>): Promise<unknown> => {
    const id = nextId++;
    child.send({ id, ...message });
    const reply = await next((m) => m.id === id);
    if (reply.error) throw new Error(reply.error);
    return reply.result;
  };
  const invoke = async (channel: string, input: unknown = {}) =>
    (await call({ op: 'invoke', channel, input })) as Result<unknown>;
  return { child, next, call, invoke, exited, output: () => output };
}

function kill(child: ChildProcess | undefined): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

describe('the built bundles under plain Node', () => {
  let outDir: string;
  const topic = uniqueName('bundle-read');

  beforeAll(async () => {
    // Inside the repo, so the bundles find their external packages in node_modules as they do in dist/main.
    mkdirSync(join(repoRoot, 'dist'), { recursive: true });
    outDir = mkdtempSync(join(repoRoot, 'dist', '.bundles-test-'));
    await promisify(execFile)(tsx, ['tools/buildMain.ts', '--outdir', outDir], { cwd: repoRoot }).catch(
      (err: { stdout?: string; stderr?: string }) => {
        throw new Error(`build:main failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      },
    );
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await records.ensureTopic(topic, { partitions: 1 });
    await records.produce([{ topic, partition: 0, key: 'pay-bundle', value: '{"amount":"12.50"}' }]);
    await records.close();
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('main.cjs wires IPC that reads records and redelivers (a produce), then quits cleanly', async () => {
    const map = testPipelineMap(uniqueName('bundle'));
    const stage = map.stages[0]!;
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await createMapTopics(records, map, 1);
    await records.produce([
      {
        topic: stage.dlqTopic,
        partition: 0,
        key: 'pay-dead',
        value: '{}',
        headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
      },
    ]);
    await records.close();
    const mapFile = join(outDir, 'pipeline-map.json');
    writeFileSync(mapFile, JSON.stringify(map));

    const main = forkUnderStandIn(join(outDir, 'electron', 'main.cjs'), {
      ...process.env,
      EVENTDESK_BOOTSTRAP: testBootstrap(),
      EVENTDESK_PIPELINE_MAP: mapFile,
      EVENTDESK_USER: 'bundle-test',
    });
    try {
      const ready = await main.next((m) => m.ready !== undefined);
      expect(ready.ready!.channels).toEqual(expect.arrayContaining(['cluster.status', 'records.get']));
      expect(await main.call({ op: 'windows' })).toMatchObject([
        { url: 'app://eventdesk/index.html', webPreferences: { sandbox: true, contextIsolation: true } },
      ]);

      const status = await until(
        async () => valueOf<ConnectionStatus>(await main.invoke('cluster.status')),
        (s) => s.state === 'connected',
      );
      expect(status).toMatchObject({ state: 'connected', bootstrap: [testBootstrap()] });

      const record = await main.invoke('records.get', { topic, partition: 0, offset: '0' });
      expect(record).toMatchObject({ ok: true });
      expect(JSON.stringify(record)).toContain('pay-bundle');

      const { scanId } = valueOf<{ scanId: string }>(
        await main.invoke('records.browse', { topic, seek: { mode: 'oldest' } }),
      );
      const progress = await until(
        async () => valueOf<ScanProgress>(await main.invoke('records.scanProgress', { scanId })),
        (p) => p.state !== 'running',
      );
      expect(progress).toMatchObject({ state: 'done', scanned: 1, matched: 1 });

      const started = valueOf<RedeliveryJobStatus>(
        await main.invoke('redelivery.start', {
          dlqTopic: stage.dlqTopic,
          selection: { kind: 'all' },
          why: 'the bundle produces',
          // The dead letter is seconds old, so the gate calls the stage still failing: overridden, with a reason.
          overrideHealth: true,
          overrideReason: 'the bundle test redelivers a fresh dead letter',
          ratePerSecond: 100,
        }),
      );
      const job = await until(
        async () =>
          valueOf<RedeliveryJobStatus>(await main.invoke('redelivery.status', { jobId: started.jobId })),
        (s) => s.moved === 1,
      );
      expect(job).toMatchObject({ moved: 1, toMove: 1 });
      const redelivered = await main.invoke('records.get', {
        topic: stage.redeliveryTopic,
        partition: 0,
        offset: '0',
      });
      expect(JSON.stringify(redelivered)).toContain('pay-dead');

      // The job's plan and stuck payments run in the engine worker, loaded from its own bundle beside main.cjs.
      const stuck = valueOf<StuckPaymentsResult>(await main.invoke('payments.stuck', { from: 0 }));
      expect(stuck.engine).toMatchObject({ mode: 'evidence' });
      const withEngine = valueOf<ClusterStatus>(await main.invoke('cluster.status'));
      // At least the job's plan and the stuck computation; DLQ reads may add their own jobs.
      expect(withEngine.diagnostics.engine).toMatchObject({ workers: 1, running: 0 });
      expect(withEngine.diagnostics.engine!.finished).toBeGreaterThanOrEqual(2);

      // The stage-health history opened its SQLite file (a native module, external to the bundle) in userData.
      expect(await main.invoke('groups.healthHistory', { rangeMs: 900_000 })).toMatchObject({ ok: true });
      await main.call({ op: 'quit' });
      expect(await main.exited).toBe(0);
      expect(main.output()).not.toContain('kept in memory only');
    } finally {
      kill(main.child);
    }
  });

  it('main.cjs keeps a typed profile secret only encrypted by the OS keychain, across a restart; with none it asks again', async () => {
    const secret = 'bundle-secret-4411';
    // The profile's schema registry demands this basic auth: Test connection proves the secret came back.
    const registry = createServer((req, res) => {
      const ok = req.headers.authorization === `Basic ${Buffer.from(`reader:${secret}`).toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      res.end(ok ? '["payments-value"]' : '{}');
    });
    await new Promise<void>((ok) => registry.listen(0, '127.0.0.1', ok));
    const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
    const userData = mkdtempSync(join(outDir, 'userdata-'));
    const run = (keyring: string | undefined) =>
      forkUnderStandIn(join(outDir, 'electron', 'main.cjs'), {
        ...process.env,
        EVENTDESK_STANDIN_USERDATA: userData,
        EVENTDESK_STANDIN_KEYRING: keyring ?? '',
      });
    const registryStep = (result: Result<unknown>) =>
      valueOf<ConnectionTestResult>(result).steps.find((s) => s.step === 'registry');
    let main: ReturnType<typeof forkUnderStandIn> | undefined;
    try {
      main = run('gnome_libsecret');
      await main.next((m) => m.ready !== undefined);
      const saved = await main.invoke('access.saveProfile', {
        profile: {
          name: 'kept',
          bootstrap: testBootstrap(),
          schemaRegistryUrl: registryUrl,
          schemaRegistryUsername: 'reader',
          schemaRegistryPassword: { from: 'value', value: secret },
        },
      });
      expect(saved).toMatchObject({
        ok: true,
        value: { schemaRegistryPassword: { from: 'memory', hasSecret: true, keychain: 'gnome_libsecret' } },
      });
      await main.call({ op: 'quit' });
      expect(await main.exited).toBe(0);
      // On disk: the profile without the secret, and the secret only as the keychain's blob.
      // The stand-in's app.getPath('userData') is <its folder>/userData.
      const appData = join(userData, 'userData');
      const profilesFile = readFileSync(join(appData, 'connection-profiles.json'), 'utf8');
      expect(profilesFile).toContain('"keychain"');
      expect(profilesFile).not.toContain(secret);
      const blobs = readdirSync(join(appData, 'secrets'));
      expect(blobs).toHaveLength(1);
      expect(readFileSync(join(appData, 'secrets', blobs[0]!)).toString('latin1')).not.toContain(secret);

      main = run('gnome_libsecret');
      await main.next((m) => m.ready !== undefined);
      const listed = valueOf<ProfileView[]>(await main.invoke('access.profiles'));
      expect(listed).toMatchObject([
        { name: 'kept', schemaRegistryPassword: { keychain: 'gnome_libsecret' } },
      ]);
      const tested = await main.invoke('access.testConnection', { name: 'kept' });
      expect(registryStep(tested)).toMatchObject({
        outcome: 'ok',
        detail: `${registryUrl} answered as reader: 1 subject`,
      });
      expect(JSON.stringify(tested)).not.toContain(secret);
      await main.call({ op: 'quit' });
      expect(await main.exited).toBe(0);

      // A run where safeStorage only has basic_text: the profile is there, its secret is asked for again.
      main = run(undefined);
      await main.next((m) => m.ready !== undefined);
      const [again] = valueOf<ProfileView[]>(await main.invoke('access.profiles'));
      expect(again!.schemaRegistryPassword).toMatchObject({
        from: 'absent',
        hasSecret: false,
        reason: expect.stringMatching(/keychain, which is not available now: .*basic_text/),
      });
      expect(await main.invoke('access.testConnection', { name: 'kept' })).toMatchObject({
        ok: false,
        error: { field: 'schemaRegistryPassword', message: expect.stringContaining('enter it again') },
      });
      await main.call({ op: 'quit' });
      expect(await main.exited).toBe(0);
    } finally {
      kill(main?.child);
      await new Promise<void>((ok) => registry.close(() => ok()));
    }
  });

  it('main.cjs registers eventdesk:// and opens a link it was started with, then one from a second instance', async () => {
    const main = forkUnderStandIn(join(outDir, 'electron', 'main.cjs'), process.env, [
      'eventdesk://payment/pay%2F7',
    ]);
    try {
      await main.next((m) => m.ready !== undefined);
      expect(await main.call({ op: 'protocols' })).toEqual(['eventdesk']);
      const scripts = async () =>
        ((await main.call({ op: 'windows' })) as Array<{ scripts: string[] }>)[0]!.scripts;
      await until(scripts, (s) => s.length === 1);
      expect(await scripts()).toEqual(['window.location.hash = "#/payments/pay%2F7";']);
      await main.call({
        op: 'second-instance',
        argv: ['eventdesk', 'eventdesk://dlq/payments.succeeded.receipts.dlq'],
      });
      await main.call({ op: 'second-instance', argv: ['eventdesk', 'eventdesk://shell/whoami'] });
      await until(scripts, (s) => s.length >= 2);
      expect(await scripts()).toEqual([
        'window.location.hash = "#/payments/pay%2F7";',
        'window.location.hash = "#/dlq/payments.succeeded.receipts.dlq";',
      ]);
      await main.call({ op: 'quit' });
      expect(await main.exited).toBe(0);
    } finally {
      kill(main.child);
    }
  });

  it('preload.cjs exposes one frozen API as window.eventdesk', async () => {
    const preload = forkUnderStandIn(join(outDir, 'electron', 'preload.cjs'), process.env);
    try {
      const { exposed } = await preload.next((m) => m.exposed !== undefined);
      expect(exposed).toMatchObject({ name: 'eventdesk', frozen: true });
      // One function per channel, cancel and on (live updates): the allowlist the shipped preload really exposes.
      expect(exposed!.keys.sort()).toEqual([...channels, 'cancel', 'on'].sort());
    } finally {
      kill(preload.child);
    }
  });

  it('bridge/cli.mjs serves cluster.status and a record read over HTTP with its token', async () => {
    const map = testPipelineMap(uniqueName('bundle-bridge'));
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await createMapTopics(records, map, 1);
    await records.close();
    const mapFile = join(outDir, 'bridge-map.json');
    writeFileSync(mapFile, JSON.stringify(map));
    const cli = spawn(process.execPath, [join(outDir, 'bridge', 'cli.mjs'), '--bootstrap', testBootstrap()], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EVENTDESK_PIPELINE_MAP: mapFile },
    });
    try {
      let output = '';
      const address = await new Promise<URL>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no address printed within 20 s:\n${output}`)), 20_000);
        const read = (d: Buffer) => {
          output += d.toString();
          const match = /Eventdesk console: (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            ok(new URL(match[1]!));
          }
        };
        cli.stdout.on('data', read);
        cli.stderr.on('data', read);
        cli.once('exit', (code) => fail(new Error(`the bridge exited (${code}):\n${output}`)));
      });
      const token = address.searchParams.get('token')!;
      const rpc = async (channel: string, input: unknown = {}) => {
        const res = await fetch(new URL(`/rpc/${channel}`, address), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as Result<unknown>;
      };
      const status = await until(
        async () => valueOf<ConnectionStatus>(await rpc('cluster.status')),
        (s) => s.state === 'connected',
      );
      expect(status).toMatchObject({ state: 'connected' });
      const record = await rpc('records.get', { topic, partition: 0, offset: '0' });
      expect(record).toMatchObject({ ok: true });
      expect(JSON.stringify(record)).toContain('pay-bundle');
      const stuck = await rpc('payments.stuck', { from: 0 });
      expect(stuck).toMatchObject({ ok: true, value: { engine: { mode: 'evidence' } } });
      // The stuck answer came from the engine worker (the live follower may have run the same window again since).
      const engine = valueOf<ClusterStatus>(await rpc('cluster.status')).diagnostics.engine;
      expect(engine).toMatchObject({ workers: 1 });
      expect(engine!.finished).toBeGreaterThanOrEqual(1);

      const exited = new Promise<number | null>((ok) => cli.once('exit', (code) => ok(code)));
      cli.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      kill(cli);
    }
  });
});
