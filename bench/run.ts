// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or those whose name contains an argument), one after
// another, each in its own process so one benchmark's leftovers cannot slow the next. Benchmarks print their own
// tables and write bench/results/<name>.md; this runner never fails on a measured time, only on a crash.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

if (files.length === 0) {
  console.error(
    `no benchmark matches ${filters.join(', ')}; available: ${readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts'))
      .join(', ')}`,
  );
  process.exit(2);
}

const summary: Array<{ file: string; seconds: string; exit: string }> = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, file), ...passThrough], {
      stdio: 'inherit',
      cwd: join(benchDir, '..'),
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  summary.push({
    file,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
    exit: code === 0 ? 'ok' : `crashed (${code})`,
  });
}
console.log('\n=== benchmarks ===');
for (const s of summary) console.log(`${s.file.padEnd(32)} ${s.seconds.padStart(7)} s  ${s.exit}`);
process.exit(summary.some((s) => s.exit !== 'ok') ? 1 : 0);
