// A small pipeline map with unique topic names, for integration tests that must not see each other.
import { isolatedPipelineMap, type PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';

export function testPipelineMap(prefix: string): PipelineMap {
  return isolatedPipelineMap(prefix, [
    { name: 'receipts', outcome: true, slaMs: 5 * 60_000, personalDataFields: ['email'] },
    { name: 'analytics', slaMs: 60_000 },
  ]);
}

export async function createMapTopics(records: RecordPort, map: PipelineMap, partitions = 3): Promise<void> {
  const topics = [
    map.sourceTopic,
    ...map.stages.flatMap((s) => [
      ...s.retryTopics,
      s.dlqTopic,
      s.redeliveryTopic,
      ...(s.outcomeTopic ? [s.outcomeTopic] : []),
    ]),
  ];
  for (const topic of topics) await records.ensureTopic(topic, { partitions });
  await records.ensureTopic(map.ledgerTopic, { partitions, compacted: true });
}
