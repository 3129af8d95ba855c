// Helpers for integration tests of the record port: topics and a foreign producer (kcat).
import { spawn } from 'node:child_process';

/** Runs kcat with stdin; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runKcat(args: string[], input = ''): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

/** Commits offsets for a group that has no members (what a stopped consumer leaves behind). */
export async function commitGroupOffsets(bootstrap: string, groupId: string, topic: string, offsets: { partition: number; offset: string }[]): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.setOffsets({ groupId, topic, partitions: offsets });
  } finally {
    await admin.disconnect();
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
export async function startEchoStage(bootstrap: string, options: { groupId: string; topics: string[]; outcomeTopic?: string }): Promise<EchoStage> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, clientId: 'echo-stage' });
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  let processed = 0;
  await Promise.all([consumer.connect(), producer.connect()]);
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: false });
  let joined!: () => void;
  const ready = new Promise<void>((ok) => (joined = ok));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      if (options.outcomeTopic && batch.messages.length > 0) {
        await producer.send({ topic: options.outcomeTopic, messages: batch.messages.map((m) => ({ key: m.key, value: '{"done":true}' })) });
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
