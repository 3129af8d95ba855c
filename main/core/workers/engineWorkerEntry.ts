// Where the engine worker's code is: next to this module when running from source (loaded through tsx),
// or the bundle tools/buildMain.ts writes beside the electron and bridge bundles (dist/main/workers/).
import type { WorkerEntry } from './workerPool';

export function engineWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return {
      url: new URL('./tsxWorkerBoot.mjs', here),
      workerData: { entry: new URL('./engineWorker.ts', here).href },
    };
  return { url: new URL('../workers/engineWorker.mjs', here) };
}
