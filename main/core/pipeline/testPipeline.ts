// A small pipeline map with unique topic names, for integration tests that must not see each other.
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';

export function testPipelineMap(prefix: string): PipelineMap {
  return {
    name: prefix,
    sourceTopic: `${prefix}.src`,
    correlationKey: { from: 'key' },
    ledgerTopic: `${prefix}.ledger`,
    maxRedeliveries: 3,
    stages: [
      {
        name: 'receipts',
        consumerGroup: `${prefix}-receipts`,
        retryTopics: [`${prefix}.receipts.retry.1`],
        dlqTopic: `${prefix}.receipts.dlq`,
        redeliveryTopic: `${prefix}.receipts.redelivery`,
        outcomeTopic: `${prefix}.receipts.sent`,
        slaMs: 5 * 60_000,
        personalDataFields: ['email'],
      },
      {
        name: 'analytics',
        consumerGroup: `${prefix}-analytics`,
        retryTopics: [`${prefix}.analytics.retry.1`],
        dlqTopic: `${prefix}.analytics.dlq`,
        redeliveryTopic: `${prefix}.analytics.redelivery`,
        slaMs: 60_000,
        personalDataFields: [],
      },
    ],
  };
}

export async function createMapTopics(records: RecordPort, map: PipelineMap, partitions = 3): Promise<void> {
  const topics = [map.sourceTopic, ...map.stages.flatMap((s) => [...s.retryTopics, s.dlqTopic, s.redeliveryTopic, ...(s.outcomeTopic ? [s.outcomeTopic] : [])])];
  for (const topic of topics) await records.ensureTopic(topic, { partitions });
  await records.ensureTopic(map.ledgerTopic, { partitions, compacted: true });
}
