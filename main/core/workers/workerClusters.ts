// The worker side of a cluster: one record port per connection the worker is asked to use, and state kept
// beside it (kept views). The least recently used cluster beyond MAX_CLUSTERS is closed with its state.
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { kafkajsSecurityConfig } from '../kafka/kafkajsSecurity';
import type { RecordPort } from '../kafka/recordPort';
import type { EngineConnection } from './engineLink';

const MAX_CLUSTERS = 2;

export interface WorkerCluster {
  records: RecordPort;
  /** Per-cluster state of the jobs, by a name each job picks. */
  state: Map<string, unknown>;
}

const clusters = new Map<string, WorkerCluster>();

/** Another profile (other credentials) on the same servers is another cluster here. */
function keyOf(connection: EngineConnection): string {
  return JSON.stringify([connection.bootstrap, connection.security ?? null]);
}

export function clusterFor(connection: EngineConnection): WorkerCluster {
  const key = keyOf(connection);
  let found = clusters.get(key);
  clusters.delete(key);
  if (!found)
    found = {
      records: createKafkajsRecords({
        brokers: connection.bootstrap,
        config: kafkajsSecurityConfig(connection.security),
      }),
      state: new Map(),
    };
  clusters.set(key, found);
  while (clusters.size > MAX_CLUSTERS) {
    const [oldest, scope] = clusters.entries().next().value!;
    clusters.delete(oldest);
    void scope.records.close().catch(() => undefined);
  }
  return found;
}

/** State kept per cluster under `name`, made on first use. */
export function clusterState<T>(cluster: WorkerCluster, name: string, create: () => T): T {
  let found = cluster.state.get(name) as T | undefined;
  if (found === undefined) cluster.state.set(name, (found = create()));
  return found;
}
