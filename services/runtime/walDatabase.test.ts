import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openWalDatabase } from './walDatabase';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-wal-'));
  dirs.push(dir);
  return dir;
}

function runChild(dir: string, files: number, startAt: number): Promise<number> {
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    join(__dirname, 'test/walRaceChild.ts'),
    dir,
    String(files),
    String(startAt),
  ]);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out)) : reject(new Error(`child exited ${code}`)),
    );
  });
}

test('opens in WAL mode with the durability asked for', () => {
  const db = openWalDatabase(join(tempDir(), 'one.sqlite'), 'FULL');
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
  db.close();
});

// Without the retry, about 1 open in 60 failed here with SQLITE_BUSY ("database is locked"), as a stage instance did
// in the scale-out test.
test('four processes opening the same fresh files at once all succeed', async () => {
  const dir = tempDir();
  const startAt = Date.now() + 3000;
  const failures = await Promise.all([1, 2, 3, 4].map(() => runChild(dir, 40, startAt)));
  expect(failures).toEqual([0, 0, 0, 0]);
}, 30_000);
