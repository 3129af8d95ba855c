// Creates a stage's topics explicitly (auto-creation would give them the broker's default partition count).
import type { Admin, ITopicConfig } from 'kafkajs';
import { ensureTopicsServed } from './topicReadiness';
import { dlqTopic, redeliveryTopic, retryTopic } from '../../shared/referencePipeline';

export interface StageTopology {
  stage: string;
  sourceTopic: string;
  tierCount: number;
  outcomeTopic?: string;
  /** Partitions of the stage's retry, redelivery and DLQ topics (default DEFAULT_STAGE_PARTITIONS). */
  partitions?: number;
}

/**
 * A consumer group spreads work by partition, so a stage scales out only to as many instances as its topics
 * have partitions: six leaves room for a few instances per stage without repartitioning.
 */
export const DEFAULT_STAGE_PARTITIONS = 6;

export function stageTopicNames(t: StageTopology): {
  retry: string[];
  dlq: string;
  redelivery: string;
  outcome?: string;
} {
  return {
    retry: Array.from({ length: t.tierCount }, (_, i) => retryTopic(t.stage, i + 1, t.sourceTopic)),
    dlq: dlqTopic(t.stage, t.sourceTopic),
    redelivery: redeliveryTopic(t.stage, t.sourceTopic),
    outcome: t.outcomeTopic,
  };
}

/**
 * Creates missing topics (existing ones are left as they are) and waits until every partition is served:
 * kafkajs's waitForLeaders fails on a topic the broker has not applied yet (see topicReadiness.ts).
 * Another process (a second stage instance, the sandbox) creating them in between is fine.
 */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  await ensureTopicsServed(admin, topics);
}

export function stageTopicConfigs(t: StageTopology): ITopicConfig[] {
  const names = stageTopicNames(t);
  const numPartitions = t.partitions ?? DEFAULT_STAGE_PARTITIONS;
  const configs: ITopicConfig[] = [
    ...names.retry.map((topic) => ({ topic, numPartitions })),
    { topic: names.redelivery, numPartitions },
    { topic: names.dlq, numPartitions },
  ];
  if (names.outcome) configs.push({ topic: names.outcome, numPartitions });
  return configs;
}
