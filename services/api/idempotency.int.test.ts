// The API's own no-double-charge guarantee, judged by the card gateway's ledger with the gateway's dedupe OFF.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startCardProcessor, TEST_CARDS, type CardProcessor } from '../processor/server';
import { startPaymentApi, type PaymentApi } from './server';
import { getJson, paymentBody, postPayment } from './test/paymentApiClient';

let processor: CardProcessor;
let api: PaymentApi;
let dataDir: string;

beforeAll(async () => {
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false, latencyMs: 5 });
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-api-'));
  api = await startPaymentApi({
    mode: 'event',
    bootstrap: testBootstrap(),
    topic: uniqueName('payments.succeeded'),
    dataDir,
    processorUrl: processor.url,
  });
});

afterAll(async () => {
  await api?.close();
  await processor?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const chargesFor = (key: string) => processor.charges().filter((c) => c.idempotencyKey === key);

describe('POST /payments idempotency', () => {
  it('rejects a request without Idempotency-Key with 400 and a clear JSON error, charging nothing', async () => {
    const before = processor.charges().length;
    const res = await postPayment(api.url, paymentBody(), null);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'idempotency_key_missing' });
    expect((res.json as { message: string }).message).toMatch(/Idempotency-Key/);
    expect(processor.charges().length).toBe(before);
  });

  it('rejects an invalid body with 400 naming the field (float amount)', async () => {
    const res = await postPayment(api.url, { ...paymentBody(), amountMinor: 19.99 });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'invalid_payment_request' });
    expect((res.json as { message: string }).message).toMatch(/amountMinor/);
  });

  it('answers a sequential retry with the stored first response and charges once', async () => {
    const key = randomUUID();
    const first = await postPayment(api.url, paymentBody({ customerId: 'cus_seq' }), key);
    const second = await postPayment(api.url, paymentBody({ customerId: 'cus_seq' }), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(chargesFor(key)).toHaveLength(1);
    const created = first.json as { paymentId: string; chargeId: string };
    expect(chargesFor(key)[0]?.chargeId).toBe(created.chargeId);
    const fetched = await getJson(`${api.url}/payments/${created.paymentId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toMatchObject({
      paymentId: created.paymentId,
      amountMinor: 1999,
      status: 'succeeded',
    });
  });

  it('charges exactly once when 20 requests with one key arrive concurrently', async () => {
    processor.configure({ latencyMs: 150 });
    try {
      const key = randomUUID();
      const body = paymentBody({ customerId: 'cus_concurrent', amountMinor: 4200 });
      const responses = await Promise.all(Array.from({ length: 20 }, () => postPayment(api.url, body, key)));
      const statuses = responses.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = responses.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.text)).size).toBe(1);
      expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
      expect(chargesFor(key)).toHaveLength(1);
      // Once the first finished, a retry gets the stored answer.
      const later = await postPayment(api.url, body, key);
      expect(later.status).toBe(201);
      expect(later.text).toBe(created[0]?.text);
      expect(chargesFor(key)).toHaveLength(1);
    } finally {
      processor.configure({ latencyMs: 5 });
    }
  });

  it('answers 422 when the key is reused with a different body, without charging', async () => {
    const key = randomUUID();
    const first = await postPayment(api.url, paymentBody({ amountMinor: 1000 }), key);
    expect(first.status).toBe(201);
    const other = await postPayment(api.url, paymentBody({ amountMinor: 100000 }), key);
    expect(other.status).toBe(422);
    expect(other.json).toMatchObject({ error: 'idempotency_key_reused' });
    expect(chargesFor(key)).toHaveLength(1);
  });

  it('treats the same fields in another JSON key order as the same request', async () => {
    const key = randomUUID();
    const body = paymentBody({ customerId: 'cus_order' });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await postPayment(api.url, body, key);
    const second = await postPayment(api.url, reordered, key);
    expect(second.status).toBe(first.status);
    expect(second.text).toBe(first.text);
  });

  it('stores a decline (402) and replays it without asking the gateway again', async () => {
    const key = randomUUID();
    const body = paymentBody({ cardNumber: TEST_CARDS.alwaysDeclines });
    const first = await postPayment(api.url, body, key);
    const second = await postPayment(api.url, body, key);
    expect(first.status).toBe(402);
    expect(first.json).toMatchObject({ error: 'card_declined' });
    expect(second.status).toBe(402);
    expect(second.text).toBe(first.text);
    expect(chargesFor(key)).toHaveLength(1);
  });

  it('recovers a charge whose answer was lost (gateway 503 after charging) without charging again', async () => {
    const key = randomUUID();
    const body = paymentBody({ customerId: 'cus_lost_answer' });
    processor.configure({ errorAfterChargeRate: 1 });
    let first;
    try {
      first = await postPayment(api.url, body, key);
    } finally {
      processor.configure({ errorAfterChargeRate: 0 });
    }
    expect(first.status).toBe(502);
    expect(chargesFor(key)).toHaveLength(1);
    const retry = await postPayment(api.url, body, key);
    expect(retry.status).toBe(201);
    expect((retry.json as { chargeId: string }).chargeId).toBe(chargesFor(key)[0]?.chargeId);
    expect(chargesFor(key)).toHaveLength(1);
  });
});
