// The backend's handler table: one function per contract channel, unaware of which transport calls it.
// Inputs arrive already parsed by dispatch(); failures are thrown as AppFailure and mapped there.
import type { ClusterOverview } from '../../shared/cluster';
import type { Handlers } from '../../shared/contract';
import type { Clock } from './clock';
import type { ConnectionManager } from './connection';
import { createGroupsUseCases, type GroupsUseCases } from './groups';
import { createLagHistory, type LagHistory } from './lagHistory';
import { describeTopic, listTopics } from './topics';
import { userInfo } from 'node:os';
import { createPipelineMapStore, type PipelineMapStore } from './pipeline/mapStore';
import { findUnmappedGroups, withStagesFor } from './pipeline/unmappedGroups';
import { recordPortFromConnection } from './pipeline/recordPortProvider';
import { createSupportHandlers, type SupportHandlers } from './pipeline/supportHandlers';

export interface HandlerDeps {
  connection: ConnectionManager;
  clock: Clock;
  history?: LagHistory;
  /** The support channels; by default built on the connection with the reference pipeline map. */
  support?: SupportHandlers;
  map?: PipelineMapStore;
}

/** Support handlers on the connection's cluster (records read through their own RecordPort). */
export function createDefaultSupportHandlers(deps: HandlerDeps, mapPath: string | null = null) {
  const records = recordPortFromConnection(deps.connection);
  const map = createPipelineMapStore(mapPath);
  const handlers = createSupportHandlers({
    records: records.get,
    map,
    now: () => deps.clock.now(),
    who: () => process.env.EVENTDESK_USER ?? userInfo().username,
  });
  return { handlers, map, dispose: async () => (await handlers.dispose(), await records.close()) };
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
  const defaults = deps.support && deps.map ? undefined : createDefaultSupportHandlers(deps);
  const support = deps.support ?? defaults!.handlers;
  const map = deps.map ?? defaults!.map;

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

    'pipeline.unmappedGroups': async () => {
      const [list, names] = await Promise.all([groups.list(), connection.use((kafka) => kafka.listTopics())]);
      return findUnmappedGroups(map.get(), list, new Set(names.map((t) => t.name)));
    },

    'pipeline.addStages': async ({ groupIds }) => map.save(JSON.stringify(withStagesFor(map.get(), groupIds), null, 2)),

    ...support,
  };
}
