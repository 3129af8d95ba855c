// The pipeline channels: the map in use, validating and saving an edit, and consumer groups of the
// source topic that the map does not know yet.
import type { DomainHandlers } from '../../../shared/contract';
import type { ConnectionManager } from '../cluster/connection';
import type { GroupsUseCases } from '../groups/groups';
import type { PipelineMapStore } from './mapStore';
import { findUnmappedGroups, withStagesFor } from './unmappedGroups';

export function createPipelineHandlers(deps: {
  map: PipelineMapStore;
  groups: GroupsUseCases;
  connection: ConnectionManager;
}): DomainHandlers<'pipeline'> {
  const { map, groups, connection } = deps;
  return {
    'pipeline.map': async () => map.view(),
    'pipeline.validateMap': async ({ text }) => map.validate(text),
    'pipeline.saveMap': ({ text }) => map.save(text),

    'pipeline.unmappedGroups': async () => {
      const [list, topics] = await Promise.all([
        groups.list(),
        connection.use((kafka) => kafka.listTopics()),
      ]);
      return findUnmappedGroups(map.get(), list, new Set(topics.map((t) => t.name)));
    },

    // Saved through the same validation as any edit: a clash with an existing stage is named field by field.
    'pipeline.addStages': ({ groupIds }) =>
      map.save(JSON.stringify(withStagesFor(map.get(), groupIds), null, 2)),
  };
}
