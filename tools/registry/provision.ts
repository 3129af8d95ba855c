// Provisions a pinned Apicurio Registry from Maven Central into the ignored cache, next to Kafka's jars.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, run } from '../kafka/provision.js';

const here = dirname(fileURLToPath(import.meta.url));
const pomPath = join(here, 'pom.xml');

/** The Apicurio Registry version pinned in tools/registry/pom.xml. */
export const APICURIO_VERSION = /<apicurio\.version>([^<]+)<\/apicurio\.version>/.exec(
  readFileSync(pomPath, 'utf8'),
)![1]!;

export interface RegistryInstall {
  version: string;
  /** The Quarkus runner jar; its manifest names the jars in lib/ beside it. */
  runnerJar: string;
}

/**
 * Returns the cached install, unpacking the app's "all" archive with Maven first when missing. Maven Central
 * carries that archive (a finished Quarkus build) only for some releases: 3.0.9 has it and runs on Java 17.
 * A marker file is written last, so an interrupted unpack is redone rather than trusted.
 */
export async function ensureRegistry(log: (line: string) => void = () => {}): Promise<RegistryInstall> {
  const dir = join(cacheDir(), 'apicurio-registry', APICURIO_VERSION);
  const runnerJar = join(dir, `apicurio-registry-app-${APICURIO_VERSION}-runner.jar`);
  const marker = join(dir, '.complete');
  if (!existsSync(marker)) {
    mkdirSync(dir, { recursive: true });
    log(`provisioning Apicurio Registry ${APICURIO_VERSION} from Maven Central into ${dir} ...`);
    const started = Date.now();
    await run('mvn', ['-q', '-B', '-f', pomPath, 'dependency:unpack', `-Dregistry.outputDirectory=${dir}`]);
    if (!existsSync(runnerJar))
      throw new Error(`Maven finished but ${runnerJar} is missing (the archive's layout changed?)`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
    log(`provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return { version: APICURIO_VERSION, runnerJar };
}
