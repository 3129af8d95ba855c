// The RecordPort's admin and produce calls on the shared kafkajs client: topics, watermarks, offsets by
// time, a group's commits and membership, producing with exact offsets, and ensuring a topic is served.
import type { KafkajsClient } from './kafkajsClient';
import { describeBothProtocols, describeClassic, type GroupProtocolClient } from './kafkajsGroups';
import { toBuffer, toKafkajsHeaders } from './kafkajsMessages';
import { ensureTopicsServed } from './kafkajsTopicReadiness';
import type { InternalCluster } from './directFetchReader';
import { tickBatch } from './tickBatch';
import type { CommittedOffset, PartitionWatermarks } from './kafkaPort';
import type {
  EnsureTopicOptions,
  GroupMembership,
  ProduceRecord,
  ProducedRecord,
  RecordPort,
} from './recordPort';

export type RecordAdmin = Omit<RecordPort, 'read' | 'close'>;

type TimeOffset = { partition: number; offset: string };
/** Watermarks of a topic, or its offsets at a time (epoch ms). */
type OffsetAsk = { topic: string; at: 'watermarks' | number };
type OffsetAnswer = PartitionWatermarks[] | TimeOffset[];
type CommitAsk = { groupId: string; topic: string };
type OffsetKind = { id: string; topic: string; fromBeginning?: boolean; fromTimestamp?: number };

/**
 * `groups`: the KIP-848 client, so a stage group on the consumer protocol shows its members (null: classic only).
 * `offsetsCluster`: a connected kafkajs cluster for batched offset lookups (see tickBatch.ts); without one,
 * each lookup is the admin's own.
 */
export function createRecordAdmin(
  client: KafkajsClient,
  groups: GroupProtocolClient | null = null,
  offsetsCluster?: () => Promise<InternalCluster> | null,
): RecordAdmin {
  const getAdmin = () => client.admin();
  const getProducer = () => client.producer();

  async function listTopics(): Promise<string[]> {
    return (await getAdmin()).listTopics();
  }

  async function watermarksOne(topic: string): Promise<PartitionWatermarks[]> {
    const a = await getAdmin();
    const topics = await a.listTopics();
    if (!topics.includes(topic)) return [];
    const offsets = await a.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: o.low, high: o.high }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function offsetsForTimeOne(topic: string, timestampMs: number): Promise<TimeOffset[]> {
    const a = await getAdmin();
    // A time before the epoch means "from the log start". Kafka reads negative timestamps as commands
    // (-1 latest, -2 earliest, -3 max timestamp, …) and refuses the newer ones as an unsupported version.
    const result = await a.fetchTopicOffsetsByTimestamp(topic, Math.max(0, timestampMs));
    return result
      .map((r) => ({ partition: r.partition, offset: r.offset }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function committedOffsetsOne(groupId: string, topic: string): Promise<CommittedOffset[]> {
    return (await committedOffsetsOfTopics(groupId, [topic]))[0]!;
  }

  async function committedOffsetsOfTopics(groupId: string, topics: string[]): Promise<CommittedOffset[][]> {
    const a = await getAdmin();
    const result = await a.fetchOffsets({ groupId, topics });
    return topics.map((topic) =>
      (result.find((t) => t.topic === topic)?.partitions ?? [])
        .map((p) => ({ topic, partition: p.partition, offset: p.offset === '-1' ? null : p.offset }))
        .sort((x, y) => x.partition - y.partition),
    );
  }

  /** Watermarks and offsets by time of one tick: one topic list, then one ListOffsets per leader and kind. */
  async function offsetsOfMany(asks: readonly OffsetAsk[]): Promise<OffsetAnswer[]> {
    const cluster = await offsetsCluster?.();
    if (!cluster?.fetchTopicsOffset) return Promise.all(asks.map(offsetsOfOne));
    try {
      return await offsetsOnCluster(cluster, asks);
    } catch (error) {
      // Leadership may have moved under the batch: fresh metadata for the next one (this one goes call by call).
      await cluster.refreshMetadata().catch(() => undefined);
      throw error;
    }
  }

  async function offsetsOnCluster(
    cluster: InternalCluster,
    asks: readonly OffsetAsk[],
  ): Promise<OffsetAnswer[]> {
    const existing = new Set(await (await getAdmin()).listTopics());
    const topics = [...new Set(asks.map((a) => a.topic))].filter((t) => existing.has(t));
    await cluster.addMultipleTargetTopics(topics);
    // Partitions added since the metadata was read count too, as in the admin's own lookups.
    await cluster.refreshMetadataIfNecessary?.();
    // One lookup per topic and kind: latest (every ask needs it), earliest, and each distinct time.
    const kinds = new Map<string, OffsetKind>();
    const kindOf = (topic: string, at: 'latest' | 'earliest' | number): string => {
      const id = `${topic}\u0000${at}`;
      if (!kinds.has(id))
        kinds.set(id, {
          id,
          topic,
          ...(typeof at === 'number' ? { fromTimestamp: at } : { fromBeginning: at === 'earliest' }),
        });
      return id;
    };
    const otherKind = (a: OffsetAsk) =>
      kindOf(a.topic, a.at === 'watermarks' ? 'earliest' : Math.max(0, a.at));
    for (const a of asks) {
      if (!existing.has(a.topic)) continue;
      kindOf(a.topic, 'latest');
      otherKind(a);
    }
    // kafkajs keys a lookup by topic, so a topic asked at several times goes in several rounds.
    const rounds: OffsetKind[][] = [];
    const roundOf = new Map<string, number>();
    for (const kind of kinds.values()) {
      const r = roundOf.get(kind.topic) ?? 0;
      roundOf.set(kind.topic, r + 1);
      (rounds[r] ??= []).push(kind);
    }
    const found = new Map<string, Map<number, string>>();
    await Promise.all(
      rounds.map(async (round) => {
        const answers = await cluster.fetchTopicsOffset!(
          round.map(({ topic, fromBeginning, fromTimestamp }) => ({
            topic,
            partitions: cluster.findTopicPartitionMetadata(topic).map((m) => ({ partition: m.partitionId })),
            ...(fromTimestamp !== undefined ? { fromTimestamp } : { fromBeginning }),
          })),
        );
        for (const answer of answers) {
          const kind = round.find((k) => k.topic === answer.topic);
          if (kind) found.set(kind.id, new Map(answer.partitions.map((p) => [p.partition, p.offset])));
        }
      }),
    );
    return Promise.all(
      asks.map(async (a): Promise<OffsetAnswer> => {
        // A topic missing from the list just read has no watermarks; offsets by time goes unbatched, to say why.
        if (!existing.has(a.topic)) return a.at === 'watermarks' ? [] : offsetsOfOne(a);
        const latest = found.get(kindOf(a.topic, 'latest'));
        const other = found.get(otherKind(a));
        if (!latest || !other) throw new Error(`no offsets came back for ${a.topic}`);
        const partitions = [...latest.keys()].sort((x, y) => x - y);
        if (a.at === 'watermarks')
          return partitions.map((partition) => ({
            partition,
            low: other.get(partition)!,
            high: latest.get(partition)!,
          }));
        // No record at or after the time: the high watermark, as kafkajs's admin answers.
        return partitions.map((partition) => {
          const offset = other.get(partition);
          return {
            partition,
            offset: offset !== undefined && Number(offset) >= 0 ? offset : latest.get(partition)!,
          };
        });
      }),
    );
  }

  function offsetsOfOne(a: OffsetAsk): Promise<OffsetAnswer> {
    return a.at === 'watermarks' ? watermarksOne(a.topic) : offsetsForTimeOne(a.topic, a.at);
  }

  const offsetBatch = tickBatch(offsetsOfMany, offsetsOfOne);
  // Commits: one OffsetFetch per group for the topics asked of it in the same tick.
  const commitBatch = tickBatch(
    async (asks: readonly CommitAsk[]) => {
      const byGroup = new Map<string, string[]>();
      for (const a of asks)
        byGroup.set(a.groupId, [...new Set([...(byGroup.get(a.groupId) ?? []), a.topic])]);
      const answers = new Map<string, CommittedOffset[]>();
      await Promise.all(
        [...byGroup].map(async ([groupId, topics]) => {
          const perTopic = await committedOffsetsOfTopics(groupId, topics);
          topics.forEach((t, i) => answers.set(`${groupId}\u0000${t}`, perTopic[i]!));
        }),
      );
      return asks.map((a) => answers.get(`${a.groupId}\u0000${a.topic}`)!);
    },
    (a: CommitAsk) => committedOffsetsOne(a.groupId, a.topic),
  );

  const watermarks = (topic: string) =>
    offsetBatch.ask({ topic, at: 'watermarks' }) as Promise<PartitionWatermarks[]>;
  const offsetsForTime = (topic: string, timestampMs: number) =>
    offsetBatch.ask({ topic, at: timestampMs }) as Promise<TimeOffset[]>;
  const committedOffsets = (groupId: string, topic: string) => commitBatch.ask({ groupId, topic });

  async function describeGroup(groupId: string): Promise<GroupMembership> {
    const a = await getAdmin();
    const [group] = await describeBothProtocols(groups, [groupId], new Map(), (ids) =>
      describeClassic(a, ids),
    );
    return { groupId, state: group?.state ?? 'Dead', members: group?.members.length ?? 0 };
  }

  async function produce(records: ProduceRecord[]): Promise<ProducedRecord[]> {
    if (records.length === 0) return [];
    const p = await getProducer();
    // Group per topic-partition while keeping each record's index there: kafkajs returns one base offset
    // per partition batch, and record i of that batch lands at base + i.
    const byTopic = new Map<string, ProduceRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    const metadata = await p.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({
          partition: r.partition,
          key: toBuffer(r.key),
          value: toBuffer(r.value),
          headers: toKafkajsHeaders(r.headers),
          ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
        })),
      })),
    });
    const base = new Map<string, bigint>();
    for (const m of metadata)
      if (m.baseOffset !== undefined) base.set(`${m.topicName}\u0000${m.partition}`, BigInt(m.baseOffset));
    const indexWithin = new Map<string, bigint>();
    return records.map((r) => {
      const id = `${r.topic}\u0000${r.partition}`;
      const b = base.get(id);
      if (b === undefined) throw new Error(`the broker did not acknowledge ${r.topic}[${r.partition}]`);
      const i = indexWithin.get(id) ?? 0n;
      indexWithin.set(id, i + 1n);
      return { topic: r.topic, partition: r.partition, offset: (b + i).toString() };
    });
  }

  async function ensureTopic(topic: string, opts: EnsureTopicOptions): Promise<void> {
    // Waits until the partitions are served, not just created: a new topic is unusable for a moment under KRaft.
    await ensureTopicsServed(await getAdmin(), [
      {
        topic,
        numPartitions: opts.partitions,
        configEntries: opts.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      },
    ]);
  }

  return { listTopics, watermarks, offsetsForTime, committedOffsets, describeGroup, produce, ensureTopic };
}
