// Test-only helpers that set up real broker state (topics, records, commits, deletions) with kafkajs.
// They live here because kafkajs may only be imported inside main/core/kafka/.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { ensureTopicsServed } from '../../../shared/topicReadiness';

export interface KafkaFixtures {
  createTopic(topic: string, partitions: number): Promise<void>;
  /** Produces `counts[p]` records into partition p. */
  produce(topic: string, counts: number[]): Promise<void>;
  /** Commits offsets for a group that has no live members (like kafka-consumer-groups --reset-offsets). */
  commit(groupId: string, topic: string, offsets: Record<number, string>): Promise<void>;
  /** Moves the log start offset up (records below `offset` are deleted). */
  deleteRecords(topic: string, partition: number, offset: string): Promise<void>;
  deleteTopic(topic: string): Promise<void>;
  deleteGroup(groupId: string): Promise<void>;
  /** A live member that joins and is assigned partitions but never commits. */
  joinWithoutCommitting(groupId: string, topic: string): Promise<Consumer>;
  close(): Promise<void>;
}

export async function openKafkaFixtures(bootstrap: string[]): Promise<KafkaFixtures> {
  const kafka = new Kafka({
    clientId: 'eventdesk-test-fixtures',
    brokers: bootstrap,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const consumers: Consumer[] = [];
  return {
    async createTopic(topic, partitions) {
      await ensureTopicsServed(admin, [{ topic, numPartitions: partitions }]);
    },
    async produce(topic, counts) {
      const messages = counts.flatMap((n, partition) =>
        Array.from({ length: n }, (_, i) => ({
          partition,
          key: `k${i}`,
          value: `record ${i} of partition ${partition}`,
        })),
      );
      // A producer per call: kafkajs clients keep asking for every topic they once used, so one that
      // outlived a deleted topic would fail on every later send.
      const producer = kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      try {
        await producer.send({ topic, messages });
      } finally {
        await producer.disconnect();
      }
    },
    async commit(groupId, topic, offsets) {
      const partitions = Object.entries(offsets).map(([p, offset]) => ({ partition: Number(p), offset }));
      await admin.setOffsets({ groupId, topic, partitions });
    },
    async deleteRecords(topic, partition, offset) {
      // deleteTopicRecords looks up partition leaders in kafkajs's metadata cache; make sure it knows the topic.
      await admin.fetchTopicOffsets(topic);
      await admin.deleteTopicRecords({ topic, partitions: [{ partition, offset }] });
    },
    async deleteTopic(topic) {
      await admin.deleteTopics({ topics: [topic] });
    },
    async deleteGroup(groupId) {
      await admin.deleteGroups([groupId]);
    },
    async joinWithoutCommitting(groupId, topic) {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      const joined = new Promise<void>((ok) => consumer.on(consumer.events.GROUP_JOIN, () => ok()));
      await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
      await joined;
      return consumer;
    },
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await admin.disconnect();
    },
  };
}
