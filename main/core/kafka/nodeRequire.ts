// kafkajs internals and optional codecs are loaded with a require() resolved at run time. The Electron
// main bundle is CommonJS: it has require but an empty import.meta. tsx and the bridge bundle are ESM:
// import.meta.url is there, a module-scope require may not be.
import { createRequire } from 'node:module';

export function nodeRequire(): NodeJS.Require {
  return typeof require === 'function' ? require : createRequire(import.meta.url);
}
