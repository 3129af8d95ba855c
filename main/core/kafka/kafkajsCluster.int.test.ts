import { afterAll, describe, expect, it } from 'vitest';
import { createKafkajsCluster } from './kafkajsCluster';
import { KafkaPortError } from './kafkaPort';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

describe('one kafkajs client for both ports', () => {
  const cluster = createKafkajsCluster([testBootstrap()]);
  afterAll(() => cluster.close());

  it('serves cluster metadata and records from the same client', async () => {
    const topic = uniqueName('cluster-shared');
    await cluster.records.ensureTopic(topic, { partitions: 2 });
    await cluster.records.produce([
      { topic, partition: 0, key: 'a', value: '1' },
      { topic, partition: 1, key: 'b', value: '2' },
      { topic, partition: 1, key: 'c', value: '3' },
    ]);
    const [marks] = await cluster.kafka.fetchWatermarks([topic]);
    expect(marks?.partitions.map((p) => p.high)).toEqual(['1', '2']);
    expect((await cluster.records.watermarks(topic)).map((p) => p.high)).toEqual(['1', '2']);
    expect((await cluster.kafka.listTopics()).some((t) => t.name === topic)).toBe(true);
    const committed = await cluster.records.committedOffsets(uniqueName('nobody'), topic);
    expect(committed.every((c) => c.topic === topic && c.offset === null)).toBe(true);
  });

  it('fails record calls with KafkaPortError not_found for a topic that does not exist', async () => {
    const missing = uniqueName('never-created');
    const error = await cluster.records.offsetsForTime(missing, 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaPortError);
    expect((error as KafkaPortError).kind).toBe('not_found');
  });

  it('lets an error thrown by the caller of read through unchanged', async () => {
    const topic = uniqueName('cluster-caller-error');
    await cluster.records.ensureTopic(topic, { partitions: 1 });
    await cluster.records.produce([{ topic, partition: 0, key: 'k', value: 'v' }]);
    const mine = new Error('the caller stopped');
    const thrown = await cluster.records
      .read([{ topic, ranges: [{ partition: 0, from: '0', to: '1' }] }], {
        onBatch: () => {
          throw mine;
        },
      })
      .catch((e: unknown) => e);
    expect(thrown).toBe(mine);
  });
});
