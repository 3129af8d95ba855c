// A small pipeline map with unique topic names, for integration tests that must not see each other, and a
// pipeline with one payment in each state, its values in JSON or in Avro (Confluent wire format).
import avro from 'avsc';
import { paymentSuccessAvroSchema } from '../../../shared/paymentAvro';
import { encodeConfluentFrame } from '../../../shared/wireFormat';
import { encodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import { partitionForKey } from '../../../shared/partitioner';
import { isolatedPipelineMap, type PipelineMap } from '../../../shared/pipelineMap';
import { uniqueName } from '../../../tools/test/kafka';
import type { ProduceRecord, RecordPort } from '../kafka/recordPort';
import type { EchoStage } from './kafkaFixtures';

const utf8 = new TextEncoder();

export function testPipelineMap(prefix: string): PipelineMap {
  return isolatedPipelineMap(prefix, [
    { name: 'receipts', outcome: true, slaMs: 5 * 60_000, personalDataFields: ['email'] },
    { name: 'analytics', slaMs: 60_000 },
  ]);
}

export async function createMapTopics(records: RecordPort, map: PipelineMap, partitions = 3): Promise<void> {
  const topics = [
    map.sourceTopic,
    ...map.stages.flatMap((s) => [
      ...s.retryTopics,
      s.dlqTopic,
      s.redeliveryTopic,
      ...(s.outcomeTopic ? [s.outcomeTopic] : []),
    ]),
  ];
  for (const topic of topics) await records.ensureTopic(topic, { partitions });
  await records.ensureTopic(map.ledgerTopic, { partitions, compacted: true });
}

/** A pipeline with `count` dead letters at the receipts stage (SMTP refused), keyed by payment id. */
export async function pipelineWithSmtpDeadLetters(
  records: RecordPort,
  count: number,
  extra: (i: number) => { key: string; value: Uint8Array }[] = () => [],
): Promise<{ map: PipelineMap; ids: string[] }> {
  const map = testPipelineMap(uniqueName('redeliver'));
  await createMapTopics(records, map, 2);
  const ids = Array.from({ length: count }, (_, i) => `${map.name}-pay-${i}`);
  await records.produce(
    ids.map((id, i) => ({
      topic: map.stages[0]!.dlqTopic,
      partition: partitionForKey(id, 2),
      key: id,
      value: JSON.stringify({ paymentId: id }),
      headers: [
        { key: 'ce_id', value: utf8.encode(`ce-${id}`) },
        ...Object.entries(
          encodeDeadLetterHeaders({
            originalTopic: map.sourceTopic,
            partition: 0,
            offset: String(i),
            timestamp: Date.now(),
            consumerGroup: map.stages[0]!.consumerGroup,
            exceptionClass: 'SmtpError',
            message: `connect ECONNREFUSED 127.0.0.1:2525 for ${id}`,
            stacktrace: '',
            attempts: 3,
            firstFailureAt: Date.now(),
            stage: 'receipts',
            errorClass: 'transient',
          }),
        ).map(([key, value]) => ({ key, value })),
        ...extra(i),
      ],
    })),
  );
  return { map, ids };
}

/**
 * A new payment on the source topic, finished by a stand-in stage that reads it: the stage's outcome is then
 * newer than any failure. Produced again each second until the stage saw one (a group that just joined
 * starts at the log end). Resolves false if the stage never did.
 */
export async function paymentGoesThrough(
  records: RecordPort,
  map: PipelineMap,
  stage: EchoStage,
): Promise<boolean> {
  const before = stage.processed();
  for (let i = 0; i < 15 && stage.processed() === before; i++) {
    await records.produce([{ topic: map.sourceTopic, partition: 0, key: `fresh-${i}`, value: '{}' }]);
    for (let j = 0; j < 10 && stage.processed() === before; j++)
      await new Promise((ok) => setTimeout(ok, 100));
  }
  return stage.processed() > before;
}

/** How the payment states pipeline writes its values: JSON, or Avro in the wire format under a schema id. */
export type TestValues = { format: 'json' } | { format: 'avro'; schemaId: number };

const avroPayment = avro.Type.forSchema(paymentSuccessAvroSchema as unknown as avro.Schema);

/** A payment_success value as the reference relay writes it, in either format. */
export function paymentValue(paymentId: string, values: TestValues): Uint8Array | string {
  const event = {
    paymentId,
    customerId: 'cus_1',
    amountMinor: 1250,
    currency: 'EUR',
    email: 'ada@example.com',
    cardLast4: '4242',
    chargeId: `ch_${paymentId}`,
    createdAt: new Date(0).toISOString(),
  };
  if (values.format === 'json') return JSON.stringify(event);
  return encodeConfluentFrame(values.schemaId, avroPayment.toBuffer({ ...event, phone: null }));
}

/**
 * One payment in each state at the receipts stage of a map whose correlation key is the value's paymentId
 * (the Kafka key is something else, so only a read value finds a payment): done, retrying, dead-lettered,
 * redelivered, pending. Records are `minutesAgo` old. Returns the ids in that order.
 */
export async function pipelineWithPaymentStates(
  records: RecordPort,
  map: PipelineMap,
  values: TestValues,
  minutesAgo = 10,
): Promise<string[]> {
  await createMapTopics(records, map, 3);
  const at = Date.now() - minutesAgo * 60_000;
  const ids = ['done', 'retrying', 'dead', 'redelivered', 'pending'].map((s) => `${map.name}-${s}`);
  const record = (topic: string, id: string, offsetMs: number, headers: ProduceRecord['headers'] = []) => {
    const key = `order-${id}`;
    return {
      topic,
      partition: partitionForKey(key, 3),
      key,
      value: paymentValue(id, values),
      timestamp: at + offsetMs,
      headers: [{ key: 'ce_id', value: utf8.encode(`ce-${id}`) }, ...headers],
    };
  };
  const dead = (id: string) =>
    Object.entries(
      encodeDeadLetterHeaders({
        originalTopic: map.sourceTopic,
        partition: 0,
        offset: '0',
        timestamp: at,
        consumerGroup: map.stages[0]!.consumerGroup,
        exceptionClass: 'SmtpError',
        message: `554 mailbox unavailable for ${id}`,
        stacktrace: '',
        attempts: 3,
        firstFailureAt: at,
        stage: 'receipts',
        errorClass: 'transient',
      }),
    ).map(([key, value]) => ({ key, value }));
  const [done, retrying, deadLettered, redelivered] = ids as [string, string, string, string];
  const receipts = map.stages[0]!;
  await records.produce(ids.map((id) => record(map.sourceTopic, id, 0)));
  await records.produce([
    record(receipts.outcomeTopic!, done, 1000),
    record(receipts.retryTopics[0]!, retrying, 1000),
    record(receipts.dlqTopic, deadLettered, 2000, dead(deadLettered)),
    record(receipts.dlqTopic, redelivered, 2000, dead(redelivered)),
    record(receipts.redeliveryTopic, redelivered, 3000),
  ]);
  return ids;
}
