// Injected into the CommonJS main bundle by tools/buildMain.ts, where import.meta is empty: the bundle's
// own file URL stands in for import.meta.url.
import { pathToFileURL } from 'node:url';

export const cjsImportMetaUrl = pathToFileURL(__filename).href;
