// Kafka dies under the API: payments keep being accepted into the outbox, and when Kafka returns every accepted
// payment is published exactly once. Uses its own broker because it kills it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_SUCCESS_TYPE } from '../../shared/events';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker';
import { startCardProcessor, type CardProcessor } from '../processor/server';
import { startPaymentApi, type PaymentApi } from './server';
import { getJson, paymentBody, postPayment, readTopicWithKcat } from './test/paymentApiClient';
import { setTimeout as sleep } from 'node:timers/promises';

let broker: RunningBroker;
let processor: CardProcessor;
let api: PaymentApi;
let dataDir: string;
const topic = 'payments.succeeded';

beforeAll(async () => {
  broker = await startBroker({ heap: '512m' });
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false });
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-outage-'));
  api = await startPaymentApi({
    mode: 'event',
    bootstrap: broker.bootstrap,
    topic,
    dataDir,
    processorUrl: processor.url,
    relay: { initialBackoffMs: 100, maxBackoffMs: 1_000 },
  });
});

afterAll(async () => {
  await api?.close();
  await processor?.close();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Created {
  paymentId: string;
  eventId: string;
}

async function pay(i: number): Promise<Created> {
  const res = await postPayment(
    api.url,
    paymentBody({ customerId: `cus_outage_${i}`, amountMinor: 500 + i }),
    randomUUID(),
  );
  expect(res.status, res.text).toBe(201);
  return res.json as Created;
}

describe('Kafka outage', () => {
  it('accepts payments while Kafka is down and publishes each exactly once after it returns', async () => {
    const before: Created[] = [];
    for (let i = 0; i < 5; i++) before.push(await pay(i));
    await api.relay!.drained(30_000);

    await broker.kill();

    const during: Created[] = [];
    const started = Date.now();
    for (let i = 5; i < 25; i++) during.push(await pay(i));
    const acceptMs = Date.now() - started;
    // Let the relay hit the dead broker at least once so the outage is visible.
    const deadline = Date.now() + 15_000;
    while (api.relay!.stats().failedAttempts === 0 && Date.now() < deadline) await sleep(100);
    const health = await getJson(`${api.url}/health`);
    expect(health.json).toMatchObject({ ok: true, kafka: 'unreachable', outbox: { pending: 20 } });
    const unpublished = await getJson(`${api.url}/payments/${during[0]!.paymentId}`);
    expect(unpublished.json).toMatchObject({ event: { publishedAt: null } });

    await broker.restart();
    await api.relay!.drained(60_000);

    const records = await readTopicWithKcat(broker.bootstrap, topic);
    const accepted = [...before, ...during];
    const perPayment = new Map<string, number>();
    for (const r of records) perPayment.set(r.key ?? '', (perPayment.get(r.key ?? '') ?? 0) + 1);
    for (const c of accepted) {
      expect(perPayment.get(c.paymentId), `copies of ${c.paymentId}`).toBe(1);
      const record = records.find((r) => r.key === c.paymentId)!;
      expect(record.headers.ce_id).toBe(c.eventId);
      expect(record.headers.ce_type).toBe(PAYMENT_SUCCESS_TYPE);
      expect(record.headers.ce_specversion).toBe('1.0');
    }
    expect(records).toHaveLength(accepted.length);
    expect(processor.successfulCharges()).toHaveLength(accepted.length);
    console.log(
      `accepted 20 payments in ${acceptMs} ms while Kafka was down; relay failed ${api.relay!.stats().failedAttempts} times`,
    );
  });
});
