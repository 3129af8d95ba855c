// The pipeline with Avro values against a real broker and a real schema registry (Apicurio): the payment API's
// relay registers payment_success and writes the Confluent wire format; a stage decodes it by schema id, and
// its retry and DLQ records carry the value bytes exactly as they came.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDeadLetterHeaders } from '../../shared/dlqHeaders';
import type { PaymentSuccess } from '../../shared/events';
import { paymentSuccessAvroSchema } from '../../shared/paymentAvro';
import { parseConfluentFrame } from '../../shared/wireFormat';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { registerSchema, useSchemaRegistry } from '../../tools/test/schemaRegistry';
import { startPaymentApi, type PaymentApi } from '../api/server';
import { paymentBody, postPayment } from '../api/test/paymentApiClient';
import { createSourceTopic, readTopic, testKafka, waitFor } from '../invariants/harness';
import { startCardProcessor, type CardProcessor } from '../processor/server';
import { paymentMessage, samplePayment } from '../sandbox/paymentEvents';
import { StageError } from '../stages/types';
import { createAvroValueWriter, createValueReader } from './avroValues';
import { runStage, type RunningStage } from './runStage';

const registry = useSchemaRegistry();
const kafka = () => testKafka(testBootstrap());
const sourceTopic = uniqueName('payments.avro');
let processor: CardProcessor;
let api: PaymentApi;
let stage: RunningStage;
let producer: Producer;
const dirs: string[] = [];
const seen: PaymentSuccess[] = [];
let failuresLeft = 1;

const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-avro-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  await createSourceTopic(kafka(), sourceTopic, 1);
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false });
  api = await startPaymentApi({
    mode: 'event',
    bootstrap: testBootstrap(),
    topic: sourceTopic,
    dataDir: tempDir(),
    processorUrl: processor.url,
    relay: { values: createAvroValueWriter({ url: registry.url() }) },
  });
  stage = await runStage({
    stage: 'avro-scripted',
    groupId: uniqueName('avro-scripted'),
    bootstrap: testBootstrap(),
    schemaRegistry: { url: registry.url() },
    handler: async (event) => {
      // The first payment of customer "flaky" fails once: it goes through the retry tier.
      if (event.customerId === 'flaky' && failuresLeft-- > 0)
        throw new StageError('provider down', 'transient', 'test.ProviderDown');
      seen.push(event);
      return { outcome: { ok: true } };
    },
    tiers: [{ delayMs: 200 }],
    dataDir: tempDir(),
    sourceTopic,
  });
  producer = kafka().producer();
  await producer.connect();
}, 120_000);

afterAll(async () => {
  await stage?.stop();
  await api?.close();
  await processor?.close();
  await producer?.disconnect();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Avro values through the pipeline', () => {
  it('the relay writes the wire format under the registered schema, and a stage decodes it', async () => {
    const bodies = [
      paymentBody({ customerId: 'cus_avro_1', amountMinor: 1234 }),
      paymentBody({ customerId: 'flaky', amountMinor: 99, phone: '+15550001111' }),
    ];
    const created: Array<{ paymentId: string }> = [];
    for (const body of bodies) {
      const res = await postPayment(api.url, body);
      expect(res.status).toBe(201);
      created.push(res.json as { paymentId: string });
    }
    await api.relay!.drained(20_000);

    const records = await readTopic(kafka(), sourceTopic, 2);
    expect(records).toHaveLength(2);
    const subject = await fetch(`${registry.url()}/subjects/${sourceTopic}-value/versions/latest`);
    const latest = (await subject.json()) as { id: number; schema: string };
    expect(JSON.parse(latest.schema)).toMatchObject({ name: paymentSuccessAvroSchema.name });
    for (const record of records) {
      const frame = parseConfluentFrame(record.value);
      expect(frame?.schemaId).toBe(latest.id);
      expect(record.headers['content-type']?.toString()).toBe('application/avro');
    }

    await waitFor('both payments handled (one after a retry)', () => seen.length === 2, 20_000);
    const byCustomer = new Map(seen.map((e) => [e.customerId, e]));
    expect(byCustomer.get('cus_avro_1')).toMatchObject({
      paymentId: created[0]!.paymentId,
      amountMinor: 1234,
    });
    expect(byCustomer.get('cus_avro_1')).not.toHaveProperty('phone');
    expect(byCustomer.get('flaky')).toMatchObject({
      paymentId: created[1]!.paymentId,
      phone: '+15550001111',
    });
    expect(stage.metrics()).toMatchObject({ retried: 1, deadLettered: 0 });

    // The retry record carries the source value byte for byte.
    const [retried] = await readTopic(kafka(), stage.topics.retry[0]!, 1);
    const source = records.find((r) => r.key === created[1]!.paymentId)!;
    expect(Buffer.compare(retried!.value!, source.value!)).toBe(0);
  });

  it('still reads JSON values, and dead-letters an unknown schema id with the bytes as they came', async () => {
    const json = samplePayment(1, { customerId: 'cus_json' });
    const unknown = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0x01]), Buffer.from('body')]);
    const poison = { ...paymentMessage(samplePayment(2)), value: unknown };
    await producer.send({ topic: sourceTopic, messages: [paymentMessage(json), poison] });
    await waitFor('the JSON payment handled', () => seen.some((e) => e.paymentId === json.paymentId), 20_000);
    const [dead] = await readTopic(kafka(), stage.topics.dlq, 1);
    expect(Buffer.compare(dead!.value!, unknown)).toBe(0);
    const info = decodeDeadLetterHeaders(dead!.headers as never);
    expect(info.exceptionClass).toBe('eventdesk.poison.UnknownSchema');
    expect(info.message).toMatch(
      /schema id 2147483393 cannot be used: schema id 2147483393 is not in the schema registry/,
    );
  });
});

describe('value reader', () => {
  it('decodes by an id registered elsewhere, and names a registry outage as a failure to retry', async () => {
    const id = await registerSchema(
      registry.url(),
      uniqueName('reader-value'),
      'AVRO',
      JSON.stringify(paymentSuccessAvroSchema),
    );
    const writer = createAvroValueWriter({ url: registry.url() });
    const topic = uniqueName('reader');
    await writer.prepare(topic);
    const event = samplePayment(3);
    const value = writer.encode(topic, JSON.stringify(event));
    expect(parseConfluentFrame(value)?.schemaId).toBe(id);
    const reader = createValueReader({ url: registry.url() });
    await reader.prepare([value, null]);
    expect(reader.read(value)).toEqual({ ok: true, json: event });

    const down = createValueReader({ url: 'http://127.0.0.1:9/apis/ccompat/v7' });
    await expect(down.prepare([value])).rejects.toMatchObject({ kind: 'unreachable' });
    expect(createValueReader(null).read(value)).toMatchObject({
      ok: false,
      message: `value is in the Confluent wire format (schema id ${id}), but the stage has no schema registry`,
    });
  });
});
