import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The sandbox and the bridge CLI run under plain Node ESM (tsx), not under vitest's module loader, so a
// CommonJS named-import mistake anywhere in their import graph only shows up when the real entry point loads.
describe('entry points load under plain Node', () => {
  for (const entry of ['tools/sandbox.ts', 'main/bridge/cli.ts']) {
    it(`${entry} --help`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', entry, '--help'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).not.toMatch(/SyntaxError|Cannot find module/);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/usage:/);
      // Loading the whole import graph under tsx takes seconds on a busy two-core machine.
    }, 60_000);
  }
});
