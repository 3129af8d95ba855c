// `npm run build:main`: esbuild bundles the Electron main process, the preload and the bridge CLI.
// Only dist/main is rebuilt; dist/renderer (vite build) is left alone.
import { build, type BuildOptions } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './kafka/provision';

const outRoot = join(repoRoot, 'dist', 'main');
rmSync(outRoot, { recursive: true, force: true });

// Native modules and optional native speed-ups are loaded at run time, never bundled.
const nativeAndOptional = ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'lz4', 'snappy'];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: repoRoot,
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: join(outRoot, 'electron', 'main.cjs'),
    format: 'cjs',
    external: ['electron', ...nativeAndOptional],
  }),
  // A sandboxed preload can require only 'electron': everything else must be inside this one file.
  build({
    ...common,
    entryPoints: ['main/electron/preload.ts'],
    outfile: join(outRoot, 'electron', 'preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    sourcemap: false,
    minify: true,
  }),
  build({
    ...common,
    entryPoints: ['main/bridge/cli.ts'],
    outfile: join(outRoot, 'bridge', 'cli.mjs'),
    format: 'esm',
    external: nativeAndOptional,
    // Bundled CommonJS dependencies (kafkajs, ws) still call require(): give ESM one.
    banner: {
      js: "import { createRequire as __edCreateRequire } from 'node:module'; const require = __edCreateRequire(import.meta.url);",
    },
  }),
]);
console.log(
  `built dist/main (electron/main.cjs, electron/preload.cjs, bridge/cli.mjs) in ${Date.now() - started} ms`,
);
