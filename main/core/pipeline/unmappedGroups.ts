// Consumer groups that read the pipeline's source topic but are no stage of the map: a stage added to the
// pipeline (the README's sixth-stage recipe) that the console would otherwise not see.
import type { GroupSummary } from '../../../shared/groups';
import { conventionalStage, type PipelineMap, type UnmappedGroups } from '../../../shared/pipelineMap';

export function findUnmappedGroups(
  map: PipelineMap,
  groups: readonly GroupSummary[],
  topicNames: ReadonlySet<string>,
): UnmappedGroups {
  const mapped = new Set(map.stages.map((s) => s.consumerGroup));
  return {
    sourceTopic: map.sourceTopic,
    groups: groups
      .filter((g) => !mapped.has(g.groupId) && g.topics.includes(map.sourceTopic))
      .sort((a, b) => a.groupId.localeCompare(b.groupId))
      .map((g) => {
        const suggestion = conventionalStage(map, g.groupId);
        const topics = [...suggestion.retryTopics, suggestion.dlqTopic, suggestion.redeliveryTopic];
        return {
          groupId: g.groupId,
          state: g.state,
          members: g.members,
          suggestion,
          existingTopics: topics.filter((t) => topicNames.has(t)),
        };
      }),
  };
}

/** The map with each group added as a conventional stage (the caller validates and saves it like any edit). */
export function withStagesFor(map: PipelineMap, groupIds: readonly string[]): PipelineMap {
  return { ...map, stages: [...map.stages, ...groupIds.map((id) => conventionalStage(map, id))] };
}
