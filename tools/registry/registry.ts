// Starts and stops a real Apicurio Registry (in-memory storage) on a loopback port; its Confluent-compatible
// API is what the console and the tests talk to.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../kafka/broker.js';
import { ensureRegistry, type RegistryInstall } from './provision.js';

/** The Confluent-compatible API under the registry's root. */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

export interface RegistryOptions {
  /** HTTP port; a free one is picked when omitted. */
  port?: number;
  /** JVM heap, e.g. "384m". */
  heap?: string;
  log?: (line: string) => void;
}

export interface RunningRegistry {
  /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  url: string;
  port: number;
  pid: number;
  logFile: string;
  install: RegistryInstall;
  startupMs: number;
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const log = options.log ?? (() => {});
  const install = await ensureRegistry(log);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-registry-'));
  const logFile = join(dir, 'registry.log');
  const out = openSync(logFile, 'a');
  const started = Date.now();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Xmx${options.heap ?? '384m'}`,
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dquarkus.http.port=${port}`,
      '-Dquarkus.http.host=127.0.0.1',
      // In-memory storage (H2), said out loud rather than left to the release's default.
      '-Dapicurio.storage.kind=sql',
      '-Dapicurio.storage.sql.kind=h2',
      `-Dquarkus.datasource.jdbc.url=jdbc:h2:mem:registry`,
      '-Dquarkus.log.console.color=false',
      '-jar',
      install.runnerJar,
    ],
    { stdio: ['ignore', out, out], cwd: dir },
  );
  closeSync(out);
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const discard = () => {
    process.removeListener('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}${CCOMPAT_PATH}`;
  const ready = await Promise.race([waitForReady(url, 90_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    await exited;
    const tail = readFileSync(logFile, 'utf8').slice(-3000);
    discard();
    throw new Error(`Apicurio Registry did not start on 127.0.0.1:${port}.\n${tail}`);
  }
  const startupMs = Date.now() - started;
  log(
    `Apicurio Registry ${install.version} ready at ${url} in ${(startupMs / 1000).toFixed(1)} s (pid ${child.pid})`,
  );
  return {
    url,
    port,
    pid: child.pid ?? -1,
    logFile,
    install,
    startupMs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      discard();
    },
  };
}

/** True once the API answers a listing of subjects; false when the time runs out. */
async function waitForReady(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  return false;
}
