// `npm run registry -- provision | start [--port N]`: a local Apicurio Registry from the command line.
import { parseArgs } from 'node:util';
import { ensureRegistry } from './provision.js';
import { startRegistry } from './registry.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
const command = positionals[0] ?? 'start';
const log = (line: string) => console.log(`[registry] ${line}`);

if (command === 'provision') {
  const install = await ensureRegistry(log);
  log(`Apicurio Registry ${install.version}: ${install.runnerJar}`);
} else if (command === 'start') {
  const registry = await startRegistry({ port: values.port ? Number(values.port) : undefined, log });
  log(`schema registry: ${registry.url}   (Ctrl-C stops it; storage is in memory)`);
  const shutdown = async () => {
    log('stopping ...');
    await registry.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else {
  console.error(`unknown command "${command}"; use: provision | start [--port N]`);
  process.exit(2);
}
