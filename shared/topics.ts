// The topics domain: the topic list and one topic's partitions.
import { z } from 'zod';
import { topicNameInput, type OffsetString } from './offset';

export const topicsListInput = z
  .object({
    filter: z.string().max(256).optional(),
    includeInternal: z.boolean().optional(),
  })
  .strict();

export const topicsDescribeInput = z.object({ topic: topicNameInput }).strict();

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of (high watermark - log start offset). */
  messageCount: OffsetString;
  internal: boolean;
}

export interface TopicPartitionDetail {
  partition: number;
  /** Broker id of the leader; -1 when the partition has no leader right now. */
  leader: number;
  replicas: number[];
  isr: number[];
  logStartOffset: OffsetString;
  logEndOffset: OffsetString;
  /** logEndOffset - logStartOffset. */
  messageCount: OffsetString;
}

export interface TopicDetail extends TopicSummary {
  partitionDetails: TopicPartitionDetail[];
}
