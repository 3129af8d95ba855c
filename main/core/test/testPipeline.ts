// A small pipeline map with unique topic names, for integration tests that must not see each other.
import { encodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import { partitionForKey } from '../../../shared/partitioner';
import { isolatedPipelineMap, type PipelineMap } from '../../../shared/pipelineMap';
import { uniqueName } from '../../../tools/test/kafka';
import type { RecordPort } from '../kafka/recordPort';
import type { EchoStage } from './kafkaFixtures';

const utf8 = new TextEncoder();

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

/** A pipeline with `count` dead letters at the receipts stage (SMTP refused), keyed by payment id. */
export async function pipelineWithSmtpDeadLetters(
  records: RecordPort,
  count: number,
  extra: (i: number) => { key: string; value: Uint8Array }[] = () => [],
): Promise<{ map: PipelineMap; ids: string[] }> {
  const map = testPipelineMap(uniqueName('redeliver'));
  await createMapTopics(records, map, 2);
  const ids = Array.from({ length: count }, (_, i) => `${map.name}-pay-${i}`);
  await records.produce(
    ids.map((id, i) => ({
      topic: map.stages[0]!.dlqTopic,
      partition: partitionForKey(id, 2),
      key: id,
      value: JSON.stringify({ paymentId: id }),
      headers: [
        { key: 'ce_id', value: utf8.encode(`ce-${id}`) },
        ...Object.entries(
          encodeDeadLetterHeaders({
            originalTopic: map.sourceTopic,
            partition: 0,
            offset: String(i),
            timestamp: Date.now(),
            consumerGroup: map.stages[0]!.consumerGroup,
            exceptionClass: 'SmtpError',
            message: `connect ECONNREFUSED 127.0.0.1:2525 for ${id}`,
            stacktrace: '',
            attempts: 3,
            firstFailureAt: Date.now(),
            stage: 'receipts',
            errorClass: 'transient',
          }),
        ).map(([key, value]) => ({ key, value })),
        ...extra(i),
      ],
    })),
  );
  return { map, ids };
}

/**
 * A new payment on the source topic, finished by a stand-in stage that reads it: the stage's outcome is then
 * newer than any failure. Produced again each second until the stage saw one (a group that just joined
 * starts at the log end). Resolves false if the stage never did.
 */
export async function paymentGoesThrough(
  records: RecordPort,
  map: PipelineMap,
  stage: EchoStage,
): Promise<boolean> {
  const before = stage.processed();
  for (let i = 0; i < 15 && stage.processed() === before; i++) {
    await records.produce([{ topic: map.sourceTopic, partition: 0, key: `fresh-${i}`, value: '{}' }]);
    for (let j = 0; j < 10 && stage.processed() === before; j++)
      await new Promise((ok) => setTimeout(ok, 100));
  }
  return stage.processed() > before;
}
