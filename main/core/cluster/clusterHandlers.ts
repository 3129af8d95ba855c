// The cluster channels: connect, the connection's state, and the cluster's own facts.
import type { ClusterOverview, EngineStats, EventLoopDelay } from '../../../shared/cluster';
import type { DomainHandlers } from '../../../shared/contract';
import type { ConnectionManager } from './connection';

export function createClusterHandlers(deps: {
  connection: ConnectionManager;
  eventLoopDelay: () => EventLoopDelay;
  engine?: () => EngineStats;
  /** Runs before a plain connect (no profile): puts back what a profile may have changed, e.g. its map. */
  beforeConnect?: () => Promise<void>;
}): DomainHandlers<'cluster'> {
  const { connection } = deps;
  return {
    'cluster.connect': async ({ bootstrap }) => {
      await deps.beforeConnect?.();
      return connection.connect(bootstrap);
    },

    'cluster.status': async () => ({
      ...connection.status(),
      diagnostics: {
        eventLoopDelay: deps.eventLoopDelay(),
        ...(deps.engine ? { engine: deps.engine() } : {}),
      },
    }),

    'cluster.overview': () =>
      connection.use(async (kafka): Promise<ClusterOverview> => {
        const [cluster, topics] = await Promise.all([kafka.describeCluster(), kafka.listTopics()]);
        const visible = topics.filter((t) => !t.internal);
        return {
          clusterId: cluster.clusterId,
          controllerId: cluster.controllerId,
          brokers: [...cluster.brokers].sort((a, b) => a.nodeId - b.nodeId),
          topicCount: visible.length,
          partitionCount: visible.reduce((sum, t) => sum + t.partitions.length, 0),
          internalTopicCount: topics.length - visible.length,
        };
      }),
  };
}
