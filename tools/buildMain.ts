// `npm run build:main`: esbuild bundles the Electron main process, the preload, the bridge CLI and the engine
// worker.
// Only dist/main (or --outdir) is rebuilt; dist/renderer (vite build) is left alone. Any esbuild warning
// fails the build: each one so far was a bundle that broke at run time.
import { build, formatMessages, type BuildOptions, type BuildResult } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './kafka/provision';

const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
// External packages are resolved from the bundle's folder at run time: keep --outdir inside the repo.
const outRoot = values.outdir ? resolve(values.outdir) : join(repoRoot, 'dist', 'main');
rmSync(outRoot, { recursive: true, force: true });

// Native modules and optional native speed-ups are loaded at run time, never bundled.
const nativeAndOptional = ['better-sqlite3', 'bufferutil', 'utf-8-validate', 'lz4', 'snappy'];
// kafkajs stays one copy, loaded from node_modules: the direct fetch reader requires kafkajs's internal modules
// at run time, and the compression codecs must be registered on that same copy.
const kafkaClient = ['kafkajs'];

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'error',
  legalComments: 'none',
  absWorkingDir: repoRoot,
};

// CommonJS has no import.meta: give import.meta.url the bundle's own file URL instead of esbuild's empty object.
const cjsImportMeta: BuildOptions = {
  inject: ['tools/cjsImportMetaUrl.ts'],
  define: { 'import.meta.url': 'cjsImportMetaUrl' },
};

// Bundled CommonJS dependencies (kafkajs, ws) still call require(): give ESM one.
const esmRequire: BuildOptions = {
  banner: {
    js: "import { createRequire as __edCreateRequire } from 'node:module'; const require = __edCreateRequire(import.meta.url);",
  },
};

const started = Date.now();
const results: BuildResult[] = await Promise.all([
  build({
    ...common,
    ...cjsImportMeta,
    entryPoints: ['main/electron/main.ts'],
    outfile: join(outRoot, 'electron', 'main.cjs'),
    format: 'cjs',
    external: ['electron', ...nativeAndOptional, ...kafkaClient],
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
    external: [...nativeAndOptional, ...kafkaClient],
    ...esmRequire,
  }),
  // The engine worker both main.cjs and cli.mjs start (main/core/workers/engineWorkerEntry.ts finds it).
  build({
    ...common,
    entryPoints: ['main/core/workers/engineWorker.ts'],
    outfile: join(outRoot, 'workers', 'engineWorker.mjs'),
    format: 'esm',
    external: [...nativeAndOptional, ...kafkaClient],
    ...esmRequire,
  }),
]);
const warnings = results.flatMap((result) => result.warnings);
if (warnings.length > 0) {
  const text = await formatMessages(warnings, { kind: 'warning', color: process.stderr.isTTY });
  console.error(text.join('\n'));
  console.error(
    `build:main failed: ${warnings.length} esbuild warning(s); a warning here is a bundle that breaks`,
  );
  process.exit(1);
}
console.log(
  `built ${outRoot} (electron/main.cjs, electron/preload.cjs, bridge/cli.mjs, workers/engineWorker.mjs) in ${Date.now() - started} ms`,
);
