// Provisions a pinned Apache Kafka (broker + command-line tools) from Maven Central into an ignored cache.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const pomPath = join(here, 'pom.xml');

/** The Kafka version pinned in tools/kafka/pom.xml. */
export const KAFKA_VERSION = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(
  readFileSync(pomPath, 'utf8'),
)![1]!;

export interface KafkaInstall {
  version: string;
  libDir: string;
  /** Java classpath wildcard for every jar of the install. */
  classpath: string;
}

export function cacheDir(): string {
  return process.env.EVENTDESK_CACHE_DIR ?? join(repoRoot, '.cache');
}

/**
 * Returns the cached install, downloading it with Maven first when missing.
 * A marker file is written last, so an interrupted download is redone rather than trusted.
 */
export async function ensureKafka(log: (line: string) => void = () => {}): Promise<KafkaInstall> {
  const libDir = join(cacheDir(), 'kafka', KAFKA_VERSION, 'libs');
  const marker = join(libDir, '.complete');
  if (!existsSync(marker)) {
    mkdirSync(libDir, { recursive: true });
    log(`provisioning Apache Kafka ${KAFKA_VERSION} from Maven Central into ${libDir} ...`);
    const started = Date.now();
    await run('mvn', [
      '-q',
      '-B',
      '-f',
      pomPath,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libDir}`,
      '-DincludeScope=runtime',
    ]);
    const jars = readdirSync(libDir).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
      throw new Error(`Maven finished but kafka_2.13-${KAFKA_VERSION}.jar is missing from ${libDir}`);
    }
    writeFileSync(marker, `${new Date().toISOString()} ${jars.length} jars\n`);
    log(`provisioned ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { version: KAFKA_VERSION, libDir, classpath: join(libDir, '*') };
}

/** Runs a provisioning command (Maven) quietly; its output is kept for the error when it fails. */
export function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) =>
      fail(new Error(`cannot run ${cmd} (is Maven installed and on PATH?): ${err.message}`)),
    );
    child.on('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`${cmd} exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}
