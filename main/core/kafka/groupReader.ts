// The consumer-group reader, the fallback when the direct reader cannot be built: bounded reads through a
// throwaway consumer group whose assigner hands the single member exactly the partitions asked for. Nothing
// is ever committed, so the group vanishes when empty. kafkajs's public API only.
import { randomBytes } from 'node:crypto';
import { AssignerProtocol, type Consumer, type Kafka, type PartitionAssigner } from 'kafkajs';
import { toRecord } from './kafkajsMessages';
import type { KafkaRecord, ReadOptions, ReadSummary, TopicRanges } from './recordPort';

/** An assigner for a group with one member that gets exactly the wanted partitions. */
function fixedAssigner(wanted: Map<string, number[]>): PartitionAssigner {
  return () => ({
    name: 'EventdeskFixedAssigner',
    version: 1,
    async assign({ members }) {
      const assignment: Record<string, number[]> = Object.fromEntries(wanted);
      return members.map((member, index) => ({
        memberId: member.memberId,
        // Only the first member reads; a second would be a bug, and gets nothing rather than duplicates.
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: index === 0 ? assignment : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: 'EventdeskFixedAssigner',
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}

export interface GroupReader {
  read(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary>;
  /** Stops the consumers of reads still running. */
  close(): Promise<void>;
}

export function createGroupReader(kafka: Kafka): GroupReader {
  const liveConsumers = new Set<Consumer>();

  async function readWithGroup(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary> {
    // Remaining work: topic → partition → [nextOffset, endExclusive).
    const remaining = new Map<string, Map<number, { next: bigint; end: bigint }>>();
    for (const req of requests) {
      for (const r of req.ranges) {
        const from = BigInt(r.from);
        const to = BigInt(r.to);
        if (from >= to) continue;
        let perTopic = remaining.get(req.topic);
        if (!perTopic) remaining.set(req.topic, (perTopic = new Map()));
        const existing = perTopic.get(r.partition);
        if (existing) throw new Error(`read: partition ${req.topic}[${r.partition}] requested twice`);
        perTopic.set(r.partition, { next: from, end: to });
      }
    }
    if (remaining.size === 0 || options.signal?.aborted)
      return { records: 0, cancelled: options.signal?.aborted ?? false };

    const wanted = new Map<string, number[]>();
    for (const [topic, parts] of remaining) wanted.set(topic, [...parts.keys()]);
    const consumer = kafka.consumer({
      groupId: `eventdesk-reader-${randomBytes(6).toString('hex')}`,
      partitionAssigners: [fixedAssigner(wanted)],
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      retry: { retries: 3 },
    });
    liveConsumers.add(consumer);
    let openPartitions = [...remaining.values()].reduce((n, m) => n + m.size, 0);
    let count = 0;
    let finished!: () => void;
    let failed!: (e: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      finished = ok;
      failed = fail;
    });
    // Observed even when run() throws first, so a crash is never an unhandled rejection.
    done.catch(() => undefined);
    const onAbort = () => finished();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // kafkajs restarts itself after retriable errors (e.g. "coordinator is loading"); only a final crash fails the read.
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) failed(event.payload.error);
    });

    // Seek on every join: kafkajs re-joins after a retriable failure (and then has a new group object), so
    // a seek made once after run() could be lost. Positions only move forward, so re-seeking is safe.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [topic, parts] of remaining) {
        for (const [partition, state] of parts)
          if (state.next < state.end) consumer.seek({ topic, partition, offset: state.next.toString() });
      }
    });
    try {
      await consumer.connect();
      for (const topic of remaining.keys()) await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch }) => {
          if (options.signal?.aborted || openPartitions === 0) return;
          const state = remaining.get(batch.topic)?.get(batch.partition);
          if (!state || state.next >= state.end) return;
          const out: KafkaRecord[] = [];
          for (const m of batch.messages) {
            const offset = BigInt(m.offset);
            // An in-flight fetch from before the seek, or the tail of a compressed batch, can lie outside the range.
            if (offset < state.next || offset >= state.end) continue;
            out.push(toRecord(batch.topic, batch.partition, m));
          }
          if (out.length > 0) {
            count += out.length;
            await options.onBatch(out);
          }
          const last = BigInt(batch.lastOffset());
          if (last + 1n > state.next) state.next = last + 1n;
          options.onPosition?.(
            batch.topic,
            batch.partition,
            (state.next < state.end ? state.next : state.end).toString(),
          );
          if (state.next >= state.end) {
            openPartitions--;
            consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
            if (openPartitions === 0) finished();
          }
        },
      });
      await done;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      liveConsumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
    }
    return { records: count, cancelled: options.signal?.aborted ?? false };
  }

  async function close(): Promise<void> {
    await Promise.all([...liveConsumers].map((c) => c.disconnect().catch(() => undefined)));
  }

  return { read: readWithGroup, close };
}
