// The young-generation cap is one number in youngGeneration.ts, but three launchers must spell it out where
// they cannot import it (an npm script, the sandbox's plain-JS starter, the Linux desktop entry's arguments).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEMI_SPACE_FLAG } from './youngGeneration';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('young-generation cap', () => {
  it('is the flag every launcher passes', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.console).toContain(`node ${SEMI_SPACE_FLAG} `);
    expect(read('tools/setup.mjs')).toContain(`'${SEMI_SPACE_FLAG}'`);
    expect(read('electron-builder.yml')).toContain(`- --js-flags=${SEMI_SPACE_FLAG}`);
  });
});
