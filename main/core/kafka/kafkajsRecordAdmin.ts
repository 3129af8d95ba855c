// The RecordPort's admin and produce calls on the shared kafkajs client: topics, watermarks, offsets by
// time, a group's commits and membership, producing with exact offsets, and ensuring a topic is served.
import type { KafkajsClient } from './kafkajsClient';
import { describeBothProtocols, describeClassic, type GroupProtocolClient } from './kafkajsGroups';
import { toBuffer, toKafkajsHeaders } from './kafkajsMessages';
import { ensureTopicsServed } from './kafkajsTopicReadiness';
import type { CommittedOffset, PartitionWatermarks } from './kafkaPort';
import type {
  EnsureTopicOptions,
  GroupMembership,
  ProduceRecord,
  ProducedRecord,
  RecordPort,
} from './recordPort';

export type RecordAdmin = Omit<RecordPort, 'read' | 'close'>;

/** `groups`: the KIP-848 client, so a stage group on the consumer protocol shows its members (null: classic only). */
export function createRecordAdmin(
  client: KafkajsClient,
  groups: GroupProtocolClient | null = null,
): RecordAdmin {
  const getAdmin = () => client.admin();
  const getProducer = () => client.producer();

  async function listTopics(): Promise<string[]> {
    return (await getAdmin()).listTopics();
  }

  async function watermarks(topic: string): Promise<PartitionWatermarks[]> {
    const a = await getAdmin();
    const topics = await a.listTopics();
    if (!topics.includes(topic)) return [];
    const offsets = await a.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: o.low, high: o.high }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function offsetsForTime(topic: string, timestampMs: number) {
    const a = await getAdmin();
    // A time before the epoch means "from the log start". Kafka reads negative timestamps as commands
    // (-1 latest, -2 earliest, -3 max timestamp, …) and refuses the newer ones as an unsupported version.
    const result = await a.fetchTopicOffsetsByTimestamp(topic, Math.max(0, timestampMs));
    return result
      .map((r) => ({ partition: r.partition, offset: r.offset }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function committedOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    const a = await getAdmin();
    const result = await a.fetchOffsets({ groupId, topics: [topic] });
    const partitions = result.find((t) => t.topic === topic)?.partitions ?? [];
    return partitions
      .map((p) => ({ topic, partition: p.partition, offset: p.offset === '-1' ? null : p.offset }))
      .sort((x, y) => x.partition - y.partition);
  }

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
