// Test data made with kafkajs, the way any producer or consumer on the cluster would make it.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { commitGroupOffsets } from '../../main/core/test/kafkaFixtures';
import { ensureTopicsServed } from '../../services/runtime/topicReadiness';

export { uniqueName } from '../../tools/test/names';

export class KafkaSetup {
  private readonly kafka: Kafka;
  private adminClient: Admin | null = null;

  constructor(private readonly bootstrap: string) {
    this.kafka = new Kafka({
      clientId: 'eventdesk-e2e-setup',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 8 },
    });
  }

  private async admin(): Promise<Admin> {
    if (!this.adminClient) {
      this.adminClient = this.kafka.admin();
      await this.adminClient.connect();
    }
    return this.adminClient;
  }

  /** Creates a topic and writes exactly recordsPerPartition[p] records to partition p. */
  async createTopicWithRecords(topic: string, recordsPerPartition: number[]): Promise<void> {
    const admin = await this.admin();
    // Not kafkajs's waitForLeaders: it fails on a topic the broker has not applied yet (see topicReadiness.ts).
    await ensureTopicsServed(admin, [
      { topic, numPartitions: recordsPerPartition.length, replicationFactor: 1 },
    ]);
    const producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
    await producer.connect();
    try {
      for (const [partition, count] of recordsPerPartition.entries()) {
        if (count === 0) continue;
        const messages = Array.from({ length: count }, (_, i) => ({
          key: `key-${partition}-${i}`,
          value: JSON.stringify({ partition, i }),
          partition,
        }));
        await producer.send({ topic, acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** Creates a topic (if needed) and writes these records exactly as given: bytes stay bytes. */
  async produce(
    topic: string,
    partitions: number,
    messages: Array<{
      key: string | Buffer | null;
      value: string | Buffer | null;
      partition?: number;
      headers?: Record<string, string | Buffer>;
    }>,
  ): Promise<void> {
    const admin = await this.admin();
    await ensureTopicsServed(admin, [{ topic, numPartitions: partitions, replicationFactor: 1 }]);
    const producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ ...m, partition: m.partition ?? 0 })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  /** Commits offsets for a group without a running consumer (the group ends up Empty, with known lag). */
  async commitOffsets(
    groupId: string,
    topic: string,
    offsets: Array<{ partition: number; offset: string }>,
  ): Promise<void> {
    // One OffsetCommit, as kafka-consumer-groups --reset-offsets sends it (no join round trip).
    await commitGroupOffsets(this.bootstrap, groupId, topic, offsets);
  }

  /** Moves a partition's log start forward, as retention would: records below it are deleted. */
  async deleteRecordsBefore(topic: string, partition: number, offset: string): Promise<void> {
    const admin = await this.admin();
    await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset }] });
  }

  async deleteGroup(groupId: string): Promise<void> {
    const admin = await this.admin();
    await admin.deleteGroups([groupId]);
  }

  async deleteTopic(topic: string): Promise<void> {
    const admin = await this.admin();
    await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.adminClient?.disconnect();
    this.adminClient = null;
  }
}
