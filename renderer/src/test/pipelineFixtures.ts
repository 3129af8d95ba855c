// Pipeline-map answers for renderer tests: the reference map, and groups of its source topic it does not know.
import {
  conventionalStage,
  defaultPipelineMap,
  type PipelineMapView,
  type UnmappedGroup,
  type UnmappedGroups,
} from '../../../shared/pipelineMap';

export function mapView(): PipelineMapView {
  return { map: defaultPipelineMap(), source: 'default', path: null };
}

/** A group reading the source topic that is no stage; `existing` names which of its conventional topics exist. */
export function unmappedGroup(
  groupId: string,
  existing: (stage: UnmappedGroup['suggestion']) => string[] = () => [],
): UnmappedGroup {
  const suggestion = conventionalStage(defaultPipelineMap(), groupId);
  return { groupId, state: 'Stable', members: 1, suggestion, existingTopics: existing(suggestion) };
}

export function unmappedGroups(...groups: UnmappedGroup[]): UnmappedGroups {
  return { sourceTopic: defaultPipelineMap().sourceTopic, groups };
}
