// A test that makes a temporary folder removes it: a file calling mkdtempSync() must also call rmSync().
// A coarse check by design (it reads source text), cheap enough to keep every new test honest.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../kafka/provision';

const roots = ['main', 'services', 'shared', 'tools', 'e2e', 'renderer'];
const isTestCode = (path: string) =>
  /\.(int\.)?test\.tsx?$|\.spec\.ts$/.test(path) || /\/(test|support)\/[^/]+\.ts$/.test(path);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('temporary folders of tests', () => {
  it('are removed by the test code that makes them', () => {
    const leaking = roots
      .flatMap((root) => sourceFiles(join(repoRoot, root)))
      .map((path) => relative(repoRoot, path))
      .filter(isTestCode)
      .filter((path) => {
        const text = readFileSync(join(repoRoot, path), 'utf8');
        return text.includes('mkdtempSync(') && !text.includes('rmSync(');
      });
    expect(leaking).toEqual([]);
  });
});
