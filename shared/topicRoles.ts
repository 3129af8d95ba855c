// What each topic of the pipeline map is for: the source, a stage's retry tier, dead letters, redelivery or
// outcome, the redelivery ledger or the worklist. The topic list and detail label topics with it.
import type { PipelineMap } from './pipelineMap';

export type TopicRoleKind = 'source' | 'retry' | 'dlq' | 'redelivery' | 'outcome' | 'ledger' | 'worklist';

export interface TopicRole {
  kind: TopicRoleKind;
  /** The stage the topic belongs to (retry, dlq, redelivery, outcome). */
  stage?: string;
  /** 1-based retry tier. */
  tier?: number;
}

/** The worklist topic beside the ledger when the map names none: `eventdesk.redeliveries` -> `eventdesk.worklist`. */
export function worklistTopicOf(map: Pick<PipelineMap, 'ledgerTopic' | 'worklistTopic'>): string {
  if (map.worklistTopic) return map.worklistTopic;
  const dot = map.ledgerTopic.lastIndexOf('.');
  return `${dot < 0 ? map.ledgerTopic : map.ledgerTopic.slice(0, dot)}.worklist`;
}

export function topicRoles(map: PipelineMap): Map<string, TopicRole> {
  const roles = new Map<string, TopicRole>([
    [map.sourceTopic, { kind: 'source' }],
    [map.ledgerTopic, { kind: 'ledger' }],
    [worklistTopicOf(map), { kind: 'worklist' }],
  ]);
  for (const s of map.stages) {
    s.retryTopics.forEach((topic, i) => roles.set(topic, { kind: 'retry', stage: s.name, tier: i + 1 }));
    roles.set(s.dlqTopic, { kind: 'dlq', stage: s.name });
    roles.set(s.redeliveryTopic, { kind: 'redelivery', stage: s.name });
    if (s.outcomeTopic) roles.set(s.outcomeTopic, { kind: 'outcome', stage: s.name });
  }
  return roles;
}

const kindWords: Record<TopicRoleKind, string> = {
  source: 'source',
  retry: 'retry',
  dlq: 'dead letters',
  redelivery: 'redelivery',
  outcome: 'outcome',
  ledger: 'redelivery ledger',
  worklist: 'worklist',
};

/** "retry 2 · receipts", "dead letters · receipts", "source". */
export function roleLabel(role: TopicRole): string {
  const kind = role.kind === 'retry' && role.tier ? `retry ${role.tier}` : kindWords[role.kind];
  return role.stage ? `${kind} · ${role.stage}` : kind;
}
