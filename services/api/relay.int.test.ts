// What the outbox relay puts on Kafka: key = paymentId, CloudEvents binary headers, a schema-valid value,
// one event per payment (a replayed request publishes nothing new). Read back by two different clients.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_SUCCESS_TYPE, paymentSuccessSchema } from '../../shared/events';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startCardProcessor, type CardProcessor } from '../processor/server';
import { startPaymentApi, type PaymentApi } from './server';
import { getJson, paymentBody, postPayment, readTopicWithKcat } from './test/paymentApiClient';

let processor: CardProcessor;
let api: PaymentApi;
let dataDir: string;
const topic = uniqueName('payments.succeeded');

beforeAll(async () => {
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false });
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-relay-'));
  api = await startPaymentApi({
    mode: 'event',
    bootstrap: testBootstrap(),
    topic,
    dataDir,
    processorUrl: processor.url,
  });
});

afterAll(async () => {
  await api?.close();
  await processor?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Created {
  paymentId: string;
  eventId: string;
  createdAt: string;
  chargeId: string;
}

const headerText = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? String(value.at(-1)) : String(value);
};

describe('outbox relay', () => {
  it('publishes one CloudEvents binary-mode record per payment, keyed by paymentId', async () => {
    const created: Array<Created & { correlationId: string; key: string }> = [];
    for (let i = 0; i < 3; i++) {
      const key = randomUUID();
      const correlationId = `corr-${i}-${randomUUID()}`;
      const res = await fetch(`${api.url}/payments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify(paymentBody({ customerId: `cus_${i}`, amountMinor: 100 + i })),
      });
      expect(res.status).toBe(201);
      created.push({ ...((await res.json()) as Created), correlationId, key });
    }
    // A replay of the first request must not produce a second event.
    const first = created[0]!;
    const replay = await postPayment(
      api.url,
      paymentBody({ customerId: 'cus_0', amountMinor: 100 }),
      first.key,
    );
    expect(replay.status).toBe(201);

    await api.relay!.drained(20_000);

    const records = await readTopicWithKcat(testBootstrap(), topic);
    expect(records).toHaveLength(3);
    for (const c of created) {
      const record = records.find((r) => r.key === c.paymentId);
      expect(record, `record for ${c.paymentId}`).toBeDefined();
      expect(record!.headers).toEqual({
        ce_id: c.eventId,
        ce_type: PAYMENT_SUCCESS_TYPE,
        ce_source: '/eventdesk/payments-api',
        ce_specversion: '1.0',
        ce_time: c.createdAt,
        'content-type': 'application/json',
        correlationid: c.correlationId,
      });
      const event = paymentSuccessSchema.parse(JSON.parse(record!.payload ?? 'null'));
      expect(event).toMatchObject({
        paymentId: c.paymentId,
        chargeId: c.chargeId,
        cardLast4: '4242',
        currency: 'EUR',
      });
      expect(record!.payload).not.toContain('4242424242424242');

      const fetched = await getJson(`${api.url}/payments/${c.paymentId}`);
      expect(fetched.json).toMatchObject({ event: { eventId: c.eventId, topic } });
      expect((fetched.json as { event: { publishedAt: string | null } }).event.publishedAt).not.toBeNull();
    }

    // The same records through kafkajs: headers arrive as bytes and decode to the same UTF-8 strings.
    const kafka = new Kafka({
      clientId: 'relay-test',
      brokers: [testBootstrap()],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: uniqueName('relay-test') });
    const seen = new Map<string, string | undefined>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`kafkajs saw ${seen.size} of 3 records`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.set(message.key?.toString('utf8') ?? '', headerText(message.headers, 'ce_id'));
            if (seen.size >= 3) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    for (const c of created) expect(seen.get(c.paymentId)).toBe(c.eventId);
    expect(api.relay!.stats().published).toBe(3);
  });
});
