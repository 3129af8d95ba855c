// The topics of a pipeline map, each tagged with its role (retry tier, DLQ, redelivery, outcome).
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { TimelineKind } from '../../../shared/payments';

export interface RoleTopic {
  topic: string;
  kind: TimelineKind;
  /** Index into map.stages; -1 for the source topic. */
  stage: number;
  /** 1-based retry tier for retry topics. */
  tier?: number;
}

/** Every stage topic (not the source): retry tiers, DLQ, redelivery and outcome. */
export function stageTopics(map: PipelineMap): RoleTopic[] {
  const out: RoleTopic[] = [];
  map.stages.forEach((s, stage) => {
    s.retryTopics.forEach((topic, i) => out.push({ topic, kind: 'retry', stage, tier: i + 1 }));
    out.push({ topic: s.dlqTopic, kind: 'dlq', stage });
    out.push({ topic: s.redeliveryTopic, kind: 'redelivery', stage });
    if (s.outcomeTopic) out.push({ topic: s.outcomeTopic, kind: 'outcome', stage });
  });
  return out;
}
