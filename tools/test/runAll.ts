// `npm test`: every suite against one real broker, then the totals on the last line.
// Order: lint, format, typecheck, unit + integration (vitest), build, end-to-end (Playwright in Chromium).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startBroker, type RunningBroker } from '../kafka/broker';
import { repoRoot } from '../kafka/provision';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const rows: Array<{ suite: string; seconds: string } & Totals> = [];
const reports = join(repoRoot, 'artifacts', 'test-reports');
mkdirSync(reports, { recursive: true });

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((ok) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => ok(code ?? (signal ? 1 : 0)));
  });
}

async function step(suite: string, body: () => Promise<Totals>): Promise<void> {
  console.log(`\n=== ${suite} ===`);
  const started = Date.now();
  const t = await body();
  totals.passed += t.passed;
  totals.failed += t.failed;
  totals.skipped += t.skipped;
  rows.push({ suite, seconds: ((Date.now() - started) / 1000).toFixed(1), ...t });
}

/** A check without test cases (lint, format, typecheck, build) counts as one test. */
const asCheck = (code: number): Totals => ({
  passed: code === 0 ? 1 : 0,
  failed: code === 0 ? 0 : 1,
  skipped: 0,
});

let broker: RunningBroker | undefined;
let bootstrap = process.env.EVENTDESK_TEST_BOOTSTRAP;
const started = Date.now();
try {
  if (!bootstrap) {
    broker = await startBroker({ log: (l) => console.log(`[kafka] ${l}`) });
    bootstrap = broker.bootstrap;
  }
  const env = { EVENTDESK_TEST_BOOTSTRAP: bootstrap };

  await step('lint', async () => asCheck(await run('npx', ['eslint', '.', '--max-warnings=0'])));
  await step('format (prettier --check)', async () => asCheck(await run('npm', ['run', 'format:check'])));
  await step('typecheck', async () => asCheck(await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'])));

  await step('unit + integration (vitest)', async () => {
    const out = join(reports, 'vitest.json');
    const code = await run(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
      env,
    );
    if (!existsSync(out)) return asCheck(code || 1);
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      numFailedTestSuites: number;
    };
    // A file that fails to load has no failed test but a failed suite: count it, never hide it.
    const failed =
      r.numFailedTests + (r.numFailedTests === 0 && code !== 0 ? Math.max(1, r.numFailedTestSuites) : 0);
    return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests };
  });

  await step('build', async () => asCheck(await run('npm', ['run', 'build'])));

  await step('end-to-end (Playwright, Chromium)', async () => {
    const out = join(reports, 'playwright.json');
    const code = await run('npx', ['playwright', 'test'], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    if (!existsSync(out)) return asCheck(code || 1);
    const r = JSON.parse(readFileSync(out, 'utf8')) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
      errors?: unknown[];
    };
    const loadErrors = r.errors?.length ?? 0;
    return {
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected + loadErrors,
      skipped: r.stats.skipped,
    };
  });
} finally {
  await broker?.stop();
}

console.log('\nsuite                                   passed  failed  skipped  seconds');
for (const r of rows) {
  console.log(
    `${r.suite.padEnd(40)}${String(r.passed).padStart(6)}${String(r.failed).padStart(8)}${String(r.skipped).padStart(9)}${r.seconds.padStart(9)}`,
  );
}
console.log(`total wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
