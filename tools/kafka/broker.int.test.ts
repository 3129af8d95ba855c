import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newClusterId, runKafkaTool, startBroker } from './broker';
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

  it('starts a fresh broker whose cluster id begins with a dash', async () => {
    const clusterId = `-${newClusterId().slice(1)}`;
    const broker = await startBroker({ clusterId, heap: '512m' });
    try {
      const meta = readFileSync(join(broker.dataDir, 'data', 'meta.properties'), 'utf8');
      expect(meta).toContain(`cluster.id=${clusterId}`);
      const topics = await runKafkaTool('org.apache.kafka.tools.TopicCommand', [
        '--bootstrap-server',
        broker.bootstrap,
        '--list',
      ]);
      expect(topics).not.toMatch(/error/i);
    } finally {
      await broker.stop();
    }
    expect(existsSync(broker.dataDir)).toBe(false);
  });
});
