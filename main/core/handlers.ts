// The backend's handler table: one function per contract channel, unaware of which transport calls it.
// Inputs arrive already parsed by dispatch(); failures are thrown as AppFailure and mapped there.
import type { ClusterOverview, Handlers } from '../../shared/contract';
import type { Clock } from './clock';
import type { ConnectionManager } from './connection';
import { createGroupsUseCases, type GroupsUseCases } from './groups';
import { createLagHistory, type LagHistory } from './lagHistory';
import { describeTopic, listTopics } from './topics';

export interface HandlerDeps {
  connection: ConnectionManager;
  clock: Clock;
  history?: LagHistory;
}

export function createGroupsFor(deps: HandlerDeps & { history: LagHistory }): GroupsUseCases {
  return createGroupsUseCases({
    kafka: (body) => deps.connection.use(body),
    history: deps.history,
    now: () => deps.clock.now(),
  });
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { connection } = deps;
  const groups = createGroupsFor({ ...deps, history: deps.history ?? createLagHistory() });

  return {
    'cluster.connect': ({ bootstrap }) => connection.connect(bootstrap),

    'cluster.status': async () => connection.status(),

    'cluster.overview': () =>
      connection.use(async (kafka): Promise<ClusterOverview> => {
        const [cluster, topics] = await Promise.all([kafka.describeCluster(), kafka.listTopics()]);
        return {
          clusterId: cluster.clusterId,
          controllerId: cluster.controllerId,
          brokers: [...cluster.brokers].sort((a, b) => a.nodeId - b.nodeId),
          topicCount: topics.filter((t) => !t.internal).length,
          partitionCount: topics.filter((t) => !t.internal).reduce((sum, t) => sum + t.partitions.length, 0),
          internalTopicCount: topics.filter((t) => t.internal).length,
        };
      }),

    'topics.list': (input) => connection.use((kafka) => listTopics(kafka, input)),

    'topics.describe': ({ topic }) => connection.use((kafka) => describeTopic(kafka, topic)),

    'groups.list': () => groups.list(),

    'groups.describe': ({ groupId }) => groups.describe(groupId),
  };
}
