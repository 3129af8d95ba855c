// Invariant under poison: unreadable records land in the receipts DLQ with their error, without retries, and
// the partition keeps flowing (a good record behind them is receipted).
import { expect, it } from 'vitest';
import { decodeDeadLetterHeaders, type RawHeaders } from '../../shared/dlqHeaders';
import { dlqTopic } from '../../shared/referencePipeline';
import { testBootstrap } from '../../tools/test/kafka';
import { publishPayments, samplePayment } from '../sandbox/paymentEvents';
import { producePoison } from '../traffic/generator';
import { checkReceipts } from './checker';
import { readTopic, stageHealth, testKafka, useInvariantSandbox, waitFor } from './harness';

const env = useInvariantSandbox('poison');

it('poison goes straight to the DLQ with its error and the partition keeps flowing', async () => {
  const bootstrap = testBootstrap();
  const sandbox = await env.start({
    sourcePartitions: 1, // everything on one partition: the good record sits behind the poison
    stages: ['receipts'],
    paymentApi: false,
  });
  const kafka = testKafka(bootstrap);
  const producer = kafka.producer();
  await producer.connect();
  const [before] = await publishPayments(producer, sandbox.sourceTopic, [samplePayment(1)]);
  const poison = await producePoison({ bootstrap, topic: sandbox.sourceTopic, oversizedBytes: 1_500_000 });
  expect(poison.every((p) => p.produced)).toBe(true);
  const [after] = await publishPayments(producer, sandbox.sourceTopic, [samplePayment(2)]);
  await producer.disconnect();

  const ids = [before!.event.paymentId, after!.event.paymentId];
  await waitFor(
    'the good records on both sides of the poison to be receipted',
    () => checkReceipts(sandbox!.smtp.mailbox(), ids).missing.length === 0,
    30_000,
  );
  const dead = await readTopic(kafka, dlqTopic('receipts', sandbox.sourceTopic), poison.length);
  expect(dead.map((d) => d.key).sort()).toEqual(poison.map((p) => p.key).sort());
  const byKind = new Map(poison.map((p) => [p.key, p.kind]));
  const classes: Record<string, string> = {};
  for (const record of dead) {
    const info = decodeDeadLetterHeaders(record.headers as RawHeaders);
    expect(info).toMatchObject({
      format: 'spring-dlt',
      originalTopic: sandbox.sourceTopic,
      partition: 0,
      attempts: 1,
      errorClass: 'poison',
      problems: [],
    });
    expect(info.message).toBeTruthy();
    classes[byKind.get(record.key ?? '') ?? '?'] = info.exceptionClass ?? '';
  }
  expect(classes).toEqual({
    'malformed-json': 'eventdesk.poison.MalformedJson',
    'invalid-utf8': 'eventdesk.poison.MalformedJson',
    'missing-ce-id': 'eventdesk.poison.MissingEventId',
    'wrong-ce-type': 'eventdesk.poison.UnsupportedType',
    'schema-invalid': 'eventdesk.poison.SchemaViolation',
    oversized: 'eventdesk.poison.SchemaViolation',
  });
  // The poison kept its bytes: the oversized value is dead-lettered whole.
  expect(dead.find((d) => byKind.get(d.key ?? '') === 'oversized')?.value?.length).toBe(1_500_000);
  await waitFor(
    'both good records to be flushed',
    async () => (await stageHealth(sandbox!.stageHealth.get('receipts'))).processed === 2,
    5000,
  );
  const metrics = await stageHealth(sandbox.stageHealth.get('receipts'));
  expect(metrics).toMatchObject({ poison: poison.length, retried: 0, processed: 2 });
  expect(checkReceipts(sandbox.smtp.mailbox(), ids)).toMatchObject({
    duplicatedInMailbox: [],
    extraTransmissions: 0,
  });
});
