// What the main loop needs to hand a job to the engine worker: the pool, and the connected cluster as the
// worker must dial it itself (servers plus the profile's security; worker threads live in this process, so
// the secrets never leave main).
import type { ClientSecurity } from '../kafka/kafkaPort';
import type { WorkerPool } from './workerPool';

export interface EngineConnection {
  bootstrap: string[];
  security?: ClientSecurity;
}

export interface EngineLink {
  pool: WorkerPool;
  /** The connected cluster; throws the connection's own failure when there is none. */
  connection: () => Promise<EngineConnection>;
}

/** Jobs of one cluster go to one worker, which keeps that cluster's connection (and views). */
export const affinityOf = (connection: EngineConnection) => connection.bootstrap.join(',');
