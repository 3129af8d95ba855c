// One RecordPort per connected cluster, following the connection manager: a reconnect to other bootstrap
// servers closes the old port; no connection means the manager's own not_connected/unreachable failure.
import type { ConnectionManager } from '../connection';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { RecordPort } from '../kafka/recordPort';

export type RecordPortFactory = (bootstrap: string[]) => RecordPort;

export function recordPortFromConnection(
  connection: Pick<ConnectionManager, 'status' | 'use'>,
  create: RecordPortFactory = (bootstrap) => createKafkajsRecords({ brokers: bootstrap }),
): { get: () => Promise<RecordPort>; close: () => Promise<void> } {
  let current: { key: string; port: RecordPort } | undefined;
  return {
    async get() {
      // Throws the connection's AppFailure when there is no usable cluster.
      await connection.use(async () => undefined);
      const bootstrap = connection.status().bootstrap;
      const key = bootstrap.join(',');
      if (current?.key !== key) {
        const old = current?.port;
        current = { key, port: create(bootstrap) };
        void old?.close().catch(() => undefined);
      }
      return current.port;
    },
    async close() {
      await current?.port.close().catch(() => undefined);
      current = undefined;
    },
  };
}
