// The full read: every stage topic and the whole source window are read and each event classified. The
// slow path (cost grows with history), kept for listing done payments and as the reference the
// evidence-based view is tested against.
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import type { KafkaRecord, RecordPort, TopicRanges } from '../kafka/recordPort';
import { charge, projectionFor, type ReadCounter } from './stuckReads';
import { PaymentEvidence } from './stageEvidence';
import { ceIdOf, correlationIdOf, errorOf } from '../records/recordFields';
import { committedMap } from '../records/committedOffsets';
import { stageTopics, type RoleTopic } from '../records/roleTopics';
import { EVIDENCE_SKEW_MS, StuckPaymentsAccumulator } from './stuckAccumulator';
import type { StuckPaymentsDeps } from './stuckPayments';
import { nextAttemptAt } from '../records/retryRecord';

async function rangesFromTime(
  records: RecordPort,
  topic: string,
  fromMs: number,
  toMs?: number,
): Promise<TopicRanges | null> {
  const marks = await records.watermarks(topic);
  if (marks.length === 0) return null;
  const starts = await records.offsetsForTime(topic, fromMs);
  const ends = toMs === undefined ? null : await records.offsetsForTime(topic, toMs + 1);
  return {
    topic,
    ranges: marks.map((m) => ({
      partition: m.partition,
      from: starts.find((s) => s.partition === m.partition)?.offset ?? m.low,
      to: ends?.find((e) => e.partition === m.partition)?.offset ?? m.high,
    })),
  };
}

/** Reads every stage topic from `since` and records what it proves about each payment. */
export async function gatherEvidence(
  deps: StuckPaymentsDeps,
  sinceMs: number,
  counter: ReadCounter = { records: 0, bytes: 0 },
): Promise<PaymentEvidence> {
  const { records, map } = deps;
  const evidence = new PaymentEvidence(
    map.stages.map((s) => ({ name: s.name, slaMs: s.slaMs, hasOutcomeTopic: s.outcomeTopic !== undefined })),
  );
  const roles = stageTopics(map);
  const byTopic = new Map<string, RoleTopic>(roles.map((r) => [r.topic, r]));
  // The stage group's commits on its retry and redelivery topics tell whether those records were consumed.
  const consumedBy = new Map<string, Map<number, bigint>>();
  await Promise.all(
    roles
      .filter((r) => r.kind === 'retry' || r.kind === 'redelivery')
      .map(async (r) =>
        consumedBy.set(r.topic, await committedMap(records, map.stages[r.stage]!.consumerGroup, r.topic)),
      ),
  );
  const requests = (await Promise.all(roles.map((r) => rangesFromTime(records, r.topic, sinceMs)))).filter(
    (r): r is TopicRanges => r !== null,
  );
  // Outcome and redelivery records count by id, time and offset; retry records add their error and due time.
  // Retry records keep every header too: their error may be in any dead-letter format's headers, as the
  // evidence path reads them.
  const lean = projectionFor(map.correlationKey, []);
  const deadLetter = projectionFor(map.correlationKey, 'all');
  await records.read(requests, {
    signal: deps.signal,
    projection: (topic) => {
      const kind = byTopic.get(topic)?.kind;
      return kind === 'dlq' || kind === 'retry' ? deadLetter : lean;
    },
    onBatch: (batch: KafkaRecord[]) => {
      charge(counter, batch);
      const role = byTopic.get(batch[0]!.topic)!;
      for (const record of batch) {
        const paymentId = correlationIdOf(record, map.correlationKey);
        if (paymentId === null) continue;
        switch (role.kind) {
          case 'outcome':
            evidence.addOutcome(role.stage, paymentId);
            break;
          case 'retry': {
            const committed = consumedBy.get(role.topic)?.get(record.partition);
            evidence.addRetry(
              role.stage,
              paymentId,
              record.timestamp,
              role.tier ?? 1,
              committed !== undefined && committed > BigInt(record.offset),
              { error: errorOf(record), nextAttemptAt: nextAttemptAt(record, role.tier ?? 1) },
            );
            break;
          }
          case 'dlq':
            evidence.addDeadLetter(role.stage, paymentId, record.timestamp, errorOf(record));
            break;
          case 'redelivery': {
            const committed = consumedBy.get(role.topic)?.get(record.partition);
            evidence.addRedelivery(
              role.stage,
              paymentId,
              record.timestamp,
              committed !== undefined && committed > BigInt(record.offset),
            );
            break;
          }
          default:
            break;
        }
      }
    },
  });
  // A cancelled read returns early: a partial answer must not pass for the answer.
  deps.signal?.throwIfAborted();
  return evidence;
}

export async function computeStuckPaymentsFullRead(
  deps: StuckPaymentsDeps,
  query: StuckPaymentsQuery,
  window: { from: number; to: number; now: number },
): Promise<StuckPaymentsResult> {
  const started = Date.now();
  const { records, map } = deps;
  const { from, to, now } = window;

  const counter = deps.counter ?? { records: 0, bytes: 0 };
  const before = counter.records;
  const evidence = await gatherEvidence(deps, from - EVIDENCE_SKEW_MS, counter);
  const committed = await Promise.all(
    map.stages.map((s) => committedMap(records, s.consumerGroup, map.sourceTopic)),
  );
  const accumulator = new StuckPaymentsAccumulator(map, evidence, committed, query, now);
  const source = await rangesFromTime(records, map.sourceTopic, from, to);
  if (source) {
    const sourceProjection = projectionFor(map.correlationKey, ['ce_id']);
    await records.read([source], {
      signal: deps.signal,
      projection: () => sourceProjection,
      onBatch: (batch) => {
        charge(counter, batch);
        for (const record of batch) {
          if (record.timestamp < from || record.timestamp > to) continue;
          const paymentId = correlationIdOf(record, map.correlationKey);
          if (paymentId === null) continue;
          accumulator.addEvent(paymentId, ceIdOf(record), record.partition, record.offset, record.timestamp);
        }
      },
    });
  }
  deps.signal?.throwIfAborted();
  return {
    ...accumulator.result(from, to, Date.now() - started),
    engine: {
      mode: 'full-read',
      recordsRead: counter.records - before,
      ...(counter.maxRecords !== undefined && counter.maxBytes !== undefined
        ? { limits: { maxRecords: counter.maxRecords, maxBytes: counter.maxBytes } }
        : {}),
    },
  };
}
