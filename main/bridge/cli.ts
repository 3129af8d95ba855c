// `npm run console -- --bootstrap 127.0.0.1:9092 [--port N] [--static DIR]`, or `--profiles FILE [--profile
// NAME]`: the console backend plus the loopback bridge, for a browser instead of Electron. Prints the address
// (with its one-run token).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ConnectionProfile } from '../../shared/access';
import { bootstrapServersSchema } from '../../shared/bootstrap';
import { parseProfilesFile } from '../core/access/profileFile';
import { createConsoleBackend } from '../core/backend';
import { startBridge } from './server';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    bootstrap: { type: 'string', short: 'b' },
    port: { type: 'string', short: 'p' },
    static: { type: 'string' },
    profiles: { type: 'string' },
    profile: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'usage: npm run console -- [--bootstrap host:port[,host:port] | --profiles FILE [--profile NAME]] [--port N] [--static dist/renderer]',
  );
  process.exit(0);
}

let bootstrap: string[] | undefined;
if (values.bootstrap !== undefined) {
  const parsed = bootstrapServersSchema.safeParse(values.bootstrap);
  if (!parsed.success) fail(`--bootstrap: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  bootstrap = parsed.data;
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port: "${values.port}" is not a port number (0-65535)`);

let profiles: ConnectionProfile[] = [];
if (values.profiles !== undefined) {
  let text = '';
  try {
    text = readFileSync(values.profiles, 'utf8');
  } catch (error) {
    fail(`--profiles: cannot read ${values.profiles} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const parsed = parseProfilesFile(text);
  if (!parsed.ok) fail(`--profiles ${values.profiles}:\n  ${parsed.problems.join('\n  ')}`);
  profiles = parsed.profiles;
}
if (values.profile !== undefined && !profiles.some((p) => p.name === values.profile))
  fail(
    `--profile: no profile named "${values.profile}" in ${values.profiles ?? 'the profiles file (give --profiles)'}`,
  );

const backend = createConsoleBackend({ bootstrap, profiles, connectProfile: values.profile });
const bridge = await startBridge({
  handlers: backend.handlers,
  live: backend.live,
  port,
  staticDir: values.static,
  log: (line) => console.error(line),
});

console.log(`Eventdesk console: ${bridge.url}`);
console.log(
  values.profile
    ? `Connecting with profile "${values.profile}" ...`
    : bootstrap
      ? `Connecting to ${bootstrap.join(', ')} ...`
      : 'No --bootstrap given: enter the bootstrap servers in the console.',
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await bridge.close();
  await backend.dispose();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
