import { describe, expect, it } from 'vitest';
import { runKafkaTool } from './broker';
import { testBootstrap, uniqueName } from '../test/kafka';

describe('local Kafka broker', () => {
  it('answers Kafka’s own topics command and keeps a created topic', async () => {
    const topic = uniqueName('broker-check');
    await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      testBootstrap(),
      '--create',
      '--topic',
      topic,
      '--partitions',
      '3',
    ]);
    const described = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      testBootstrap(),
      '--describe',
      '--topic',
      topic,
    ]);
    expect(described).toContain(`Topic: ${topic}`);
    expect(described).toMatch(/PartitionCount:\s*3/);
  });
});
