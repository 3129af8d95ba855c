// Topics: the list with record counts, and one topic's partitions.
import type { TopicDetail, TopicSummary } from '../../../shared/topics';
import { AppFailure } from '../appFailure';
import { type KafkaPort, type TopicMetadata, type TopicWatermarks } from '../kafka/kafkaPort';
import { sumRecordCount } from '../records/offsets';

function replicationFactor(t: TopicMetadata): number {
  return t.partitions.reduce((max, p) => Math.max(max, p.replicas.length), 0);
}

function summary(t: TopicMetadata, w: TopicWatermarks): TopicSummary {
  return {
    name: t.name,
    partitions: t.partitions.length,
    replicationFactor: replicationFactor(t),
    messageCount: sumRecordCount(w.partitions),
    internal: t.internal,
  };
}

export async function listTopics(
  kafka: KafkaPort,
  options: { filter?: string; includeInternal?: boolean },
): Promise<TopicSummary[]> {
  const needle = options.filter?.trim().toLowerCase() ?? '';
  const topics = (await kafka.listTopics())
    .filter((t) => options.includeInternal || !t.internal)
    .filter((t) => needle === '' || t.name.toLowerCase().includes(needle))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Topics deleted since the listing are simply missing from the answer, and from the list.
  const marks = await kafka.fetchWatermarks(topics.map((t) => t.name));
  const byName = new Map(marks.map((w) => [w.topic, w]));
  return topics.flatMap((t) => {
    const w = byName.get(t.name);
    return w ? [summary(t, w)] : [];
  });
}

export async function describeTopic(kafka: KafkaPort, topic: string): Promise<TopicDetail> {
  const gone = () =>
    new AppFailure('not_found', `Topic "${topic}" does not exist (it may have been deleted).`);
  const t = (await kafka.listTopics()).find((x) => x.name === topic);
  if (!t) throw gone();
  const [w] = await kafka.fetchWatermarks([topic]);
  if (!w) throw gone();
  const marks = new Map(w.partitions.map((p) => [p.partition, p]));
  return {
    ...summary(t, w),
    partitionDetails: t.partitions.map((p) => {
      const m = marks.get(p.partition) ?? { low: '0', high: '0' };
      return {
        partition: p.partition,
        leader: p.leader,
        replicas: p.replicas,
        isr: p.isr,
        logStartOffset: m.low,
        logEndOffset: m.high,
        messageCount: sumRecordCount([m]),
      };
    }),
  };
}
