// Running from source: a worker thread does not inherit tsx from its parent, so it registers tsx itself
// before it loads the TypeScript entry. The shipped bundles never come here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
