// The first step of `npm start` and `npm test` on a fresh clone: plain Node, no dependencies, so it runs
// before `npm ci` has. It installs the npm dependencies when they are missing (Electron's binary download
// is skipped: these machines cannot fetch it), checks the system tools the command needs (installing
// Debian packages when it may, otherwise saying exactly what to install), then runs the real command and
// passes signals on, so Ctrl-C or a SIGTERM to `npm start` reaches the whole tree. Kafka itself is
// provisioned from Maven Central by the command (tools/kafka/provision.ts) the first time it is needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => console.log(`[setup] ${line}`);

const commands = {
  // The sandbox runs under plain node with tsx as a loader: no tsx wrapper process between the signal and it.
  // Its console's young generation is capped as every launcher's is (main/core/workers/youngGeneration.ts).
  start: {
    tools: { java: 'openjdk-17-jre-headless', mvn: 'maven' },
    run: [process.execPath, '--max-semi-space-size=4', '--import', 'tsx', 'tools/sandbox.ts'],
  },
  test: {
    tools: { java: 'openjdk-17-jre-headless', mvn: 'maven', chromium: 'chromium', kcat: 'kcat' },
    run: [process.execPath, '--import', 'tsx', 'tools/test/runAll.ts'],
  },
};

const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** True when node_modules matches package-lock.json closely enough to run (npm writes this file). */
function dependenciesInstalled() {
  const hidden = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return false;
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
  return Object.keys(wanted).every(
    (path) => path === '' || path in installed || wanted[path].optional || wanted[path].devOptional,
  );
}

function installDependencies() {
  say('npm dependencies are missing or out of date: running npm ci (once)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
  if (result.status !== 0) {
    say('npm ci failed (see above); nothing was started');
    process.exit(result.status ?? 1);
  }
}

function ensureSystemTools(tools) {
  const missing = Object.entries(tools).filter(([tool]) => !has(tool));
  if (missing.length === 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  const names = missing.map(([tool]) => tool).join(', ');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot && has('apt-get')) {
    say(`installing ${names} from Debian's packages: apt-get install ${packages.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok =
      spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env }).status === 0 &&
      spawnSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: 'inherit', env }).status === 0;
    if (ok && missing.every(([tool]) => has(tool))) return;
  }
  say(`missing: ${names}. Install them and run the command again, e.g. on Debian or Ubuntu:`);
  say(`  sudo apt-get install ${packages.join(' ')}`);
  process.exit(1);
}

const name = process.argv[2];
const command = commands[name];
if (!command) {
  console.error(`usage: node tools/setup.mjs ${Object.keys(commands).join('|')} [args...]`);
  process.exit(2);
}
if (!dependenciesInstalled()) installDependencies();
ensureSystemTools(command.tools);

const [bin, ...args] = command.run;
const child = spawn(bin, [...args, ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
});
// Whoever signals this process means the whole command: pass it on and exit as the child does.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
