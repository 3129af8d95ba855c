// Test-only helpers that set up real broker state with kafkajs: topics, records, commits, deletions, and a
// stand-in stage. Tests may reach kafkajs from main/core/test/ (a lint override allows it); production code may not.
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { internalClusterFactory } from '../kafka/directFetchReader';
import { ensureTopicsServed } from '../kafka/kafkajsTopicReadiness';

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
      await commitWithoutJoining(kafka, groupId, topic, partitions);
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

/** Commits offsets for a group that has no members (what a stopped consumer leaves behind). */
export async function commitGroupOffsets(
  bootstrap: string,
  groupId: string,
  topic: string,
  offsets: { partition: number; offset: string }[],
): Promise<void> {
  await commitWithoutJoining(
    new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }),
    groupId,
    topic,
    offsets,
  );
}

interface CoordinatorCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(query: { groupId: string }): Promise<{
    offsetCommit(request: {
      groupId: string;
      groupGenerationId: number;
      memberId: string;
      retentionTime: number;
      topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    }): Promise<unknown>;
  }>;
}

/**
 * One OffsetCommit to the group's coordinator with no generation and no member, as Kafka's AdminClient
 * alterConsumerGroupOffsets (kafka-consumer-groups --reset-offsets) sends it; the broker accepts it for a
 * group with no members. kafkajs's admin.setOffsets joins the group with a consumer and waits out a fetch
 * first (some 5 s a call); it remains the fallback when kafkajs's internal cluster is not there.
 */
async function commitWithoutJoining(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: { partition: number; offset: string }[],
): Promise<void> {
  const createCluster = internalClusterFactory(kafka) as unknown as
    ((options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => CoordinatorCluster) | null;
  if (!createCluster) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({ groupId, topic, partitions });
    } finally {
      await admin.disconnect();
    }
    return;
  }
  const cluster = createCluster({ allowAutoTopicCreation: false, isolationLevel: 1 });
  await cluster.connect();
  try {
    // kafkajs turns a partition's error code (e.g. a group with live members) into a thrown error. A
    // coordinator that moved or is still loading the offsets topic (a fresh broker) is asked again.
    for (let attempt = 1; ; attempt++) {
      try {
        const coordinator = await cluster.findGroupCoordinator({ groupId });
        await coordinator.offsetCommit({
          groupId,
          groupGenerationId: -1,
          memberId: '',
          retentionTime: -1,
          topics: [{ topic, partitions }],
        });
        return;
      } catch (error) {
        if (!(error as { retriable?: boolean }).retriable || attempt >= 30) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * attempt)));
      }
    }
  } finally {
    await cluster.disconnect();
  }
}

export interface EchoStage {
  processed(): number;
  stop(): Promise<void>;
}

/**
 * A stand-in stage for tests and benchmarks: a real consumer-group member that reads `topics` and, per
 * record, produces an outcome record with the same key (what a stage does when it finished a payment).
 */
export async function startEchoStage(
  bootstrap: string,
  options: {
    groupId: string;
    topics: string[];
    outcomeTopic?: string;
    /** A stage whose side effect fails: every record goes to its first retry tier with this error, headers kept. */
    failTo?: { retryTopic: string; error: string; delayMs: number };
  },
): Promise<EchoStage> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, clientId: 'echo-stage' });
  const consumer = kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let processed = 0;
  await Promise.all([consumer.connect(), producer.connect()]);
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: false });
  let joined!: () => void;
  const ready = new Promise<void>((ok) => (joined = ok));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      const fail = options.failTo;
      if (fail && batch.messages.length > 0) {
        const now = Date.now();
        await producer.send({
          topic: fail.retryTopic,
          messages: batch.messages.map((m) => ({
            key: m.key,
            value: m.value,
            headers: {
              ...m.headers,
              eventdesk_last_error: fail.error,
              eventdesk_due_at: String(now + fail.delayMs),
              eventdesk_attempts: '1',
            },
          })),
        });
      } else if (options.outcomeTopic && batch.messages.length > 0) {
        await producer.send({
          topic: options.outcomeTopic,
          messages: batch.messages.map((m) => ({ key: m.key, value: '{"done":true}' })),
        });
      }
      for (const m of batch.messages) resolveOffset(m.offset);
      processed += batch.messages.length;
      await heartbeat();
    },
  });
  await ready;
  return {
    processed: () => processed,
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
