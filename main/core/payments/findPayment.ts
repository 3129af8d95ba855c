// One payment's timeline across the source, retry, DLQ, redelivery and outcome topics. With the Kafka
// key as correlation key, each topic is read only in the partition the key maps to (murmur2).
import { partitionForKey } from '../../../shared/partitioner';
import type { PipelineMap } from '../../../shared/pipelineMap';
import { viewRecord } from '../../../shared/recordView';
import type { PaymentLookup, StageStatus, TimelineEntry } from '../../../shared/payments';
import type { KafkaRecord, RecordPort, TopicRanges } from '../kafka/recordPort';
import { decodeValues } from '../schemas/decodedValues';
import type { DecodedRecord, RecordDecoder } from '../schemas/recordDecoder';
import { PaymentEvidence } from './stageEvidence';
import { nextAttemptAt } from '../records/retryRecord';
import { ceIdOf, correlationIdOf, errorOf } from '../records/recordFields';
import { committedMap } from '../records/committedOffsets';
import { stageTopics, type RoleTopic } from '../records/roleTopics';

export interface FindPaymentDeps {
  records: RecordPort;
  map: PipelineMap;
  now: () => number;
  signal?: AbortSignal;
  /** Decodes values in the Confluent wire format (the correlation key's field, and the timeline's view). */
  decoder?: RecordDecoder;
}

export async function findPayment(
  deps: FindPaymentDeps,
  paymentId: string,
  since?: number,
): Promise<PaymentLookup> {
  const { records, map } = deps;
  const roles: RoleTopic[] = [{ topic: map.sourceTopic, kind: 'source', stage: -1 }, ...stageTopics(map)];
  const byTopic = new Map(roles.map((r) => [r.topic, r]));
  const partitionLookup = map.correlationKey.from === 'key';
  const partitionsRead: { topic: string; partition: number }[] = [];

  const requests: TopicRanges[] = [];
  for (const role of roles) {
    const marks = await records.watermarks(role.topic);
    if (marks.length === 0) continue;
    const starts = since === undefined ? null : await records.offsetsForTime(role.topic, since);
    const wanted = partitionLookup
      ? [partitionForKey(paymentId, marks.length)]
      : marks.map((m) => m.partition);
    const ranges = marks
      .filter((m) => wanted.includes(m.partition))
      .map((m) => ({
        partition: m.partition,
        from: starts?.find((s) => s.partition === m.partition)?.offset ?? m.low,
        to: m.high,
      }));
    for (const r of ranges) partitionsRead.push({ topic: role.topic, partition: r.partition });
    requests.push({ topic: role.topic, ranges });
  }

  const timeline: TimelineEntry[] = [];
  const evidence = new PaymentEvidence(
    map.stages.map((s) => ({ name: s.name, slaMs: s.slaMs, hasOutcomeTopic: s.outcomeTopic !== undefined })),
  );
  const consumed = new Map<string, Map<number, bigint>>();
  for (const role of roles) {
    if (role.kind === 'retry' || role.kind === 'redelivery')
      consumed.set(
        role.topic,
        await committedMap(records, map.stages[role.stage]!.consumerGroup, role.topic),
      );
  }
  await records.read(requests, {
    signal: deps.signal,
    onBatch: async (raw) => {
      // A field of the value as correlation key needs every value decoded; otherwise only the matches are.
      const byValue = map.correlationKey.from === 'json' && deps.decoder;
      const { records: batch, decoded } = byValue
        ? await decodeValues(deps.decoder!, raw)
        : { records: raw, decoded: null };
      const matches: number[] = [];
      for (let i = 0; i < batch.length; i++)
        if (correlationIdOf(batch[i]!, map.correlationKey) === paymentId) matches.push(i);
      const views: (DecodedRecord | undefined)[] = decoded ?? [];
      if (!byValue && deps.decoder && matches.length > 0) {
        const found = await deps.decoder.decodeBatch(
          matches.map((i) => ({ key: null, value: raw[i]!.value })),
        );
        matches.forEach((i, n) => (views[i] = found[n]));
      }
      for (const i of matches) {
        const record: KafkaRecord = raw[i]!;
        const role = byTopic.get(record.topic)!;
        const error = role.kind === 'dlq' || role.kind === 'retry' ? errorOf(record) : null;
        timeline.push({
          kind: role.kind,
          ...(role.stage >= 0 ? { stage: map.stages[role.stage]!.name } : {}),
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          timestamp: record.timestamp,
          ceId: ceIdOf(record),
          ...(error ? { error } : {}),
          record: viewRecord(record, undefined, views[i] ?? {}),
        });
        const isConsumed = () => {
          const c = consumed.get(record.topic)?.get(record.partition);
          return c !== undefined && c > BigInt(record.offset);
        };
        if (role.kind === 'outcome') evidence.addOutcome(role.stage, paymentId);
        else if (role.kind === 'dlq') evidence.addDeadLetter(role.stage, paymentId, record.timestamp, error);
        else if (role.kind === 'retry')
          evidence.addRetry(role.stage, paymentId, record.timestamp, role.tier ?? 1, isConsumed(), {
            error,
            nextAttemptAt: nextAttemptAt(record, role.tier ?? 1),
          });
        else if (role.kind === 'redelivery')
          evidence.addRedelivery(role.stage, paymentId, record.timestamp, isConsumed());
      }
    },
  });
  timeline.sort((a, b) => a.timestamp - b.timestamp || a.topic.localeCompare(b.topic));

  const source = timeline.filter((e) => e.kind === 'source').at(-1);
  let stages: StageStatus[] = [];
  if (source) {
    const now = deps.now();
    stages = await Promise.all(
      map.stages.map(async (s, i) => {
        const committed = (await committedMap(records, s.consumerGroup, map.sourceTopic)).get(
          source.partition,
        );
        return evidence.classify(i, paymentId, source.timestamp, BigInt(source.offset), committed, now, true);
      }),
    );
  }
  return { paymentId, partitionLookup, partitionsRead, timeline, stages };
}
