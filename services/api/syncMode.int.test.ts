// The story's old design vs the fix, side by side: with the email provider slow or down, the synchronous API
// slows down or fails (after charging the card), while the event-driven API answers as usual.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startSmsProvider, type SmsProvider } from '../sandbox/smsProvider';
import { startSmtpSink, type SmtpSink } from '../sandbox/smtpSink';
import { startCardProcessor, type CardProcessor } from '../processor/server';
import { startPaymentApi, type PaymentApi } from './server';
import { paymentBody, postPayment } from './test/paymentApiClient';

let processor: CardProcessor;
let smtp: SmtpSink;
let sms: SmsProvider;
let syncApi: PaymentApi;
let eventApi: PaymentApi;
let dataDir: string;

beforeAll(async () => {
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false });
  smtp = await startSmtpSink();
  sms = await startSmsProvider();
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-sync-'));
  syncApi = await startPaymentApi({
    mode: 'sync',
    dataDir: join(dataDir, 'sync'),
    processorUrl: processor.url,
    stageDeps: {
      smtp: { host: smtp.host, port: smtp.port },
      smsUrl: sms.url,
      dataDir: join(dataDir, 'stages'),
      receipts: { timeoutMs: 1_000 },
    },
  });
  eventApi = await startPaymentApi({
    mode: 'event',
    bootstrap: testBootstrap(),
    topic: uniqueName('payments.succeeded'),
    dataDir: join(dataDir, 'event'),
    processorUrl: processor.url,
  });
});

afterAll(async () => {
  await syncApi?.close();
  await eventApi?.close();
  await smtp?.stop();
  await sms?.stop();
  await processor?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function timedPayment(apiUrl: string, key = randomUUID()) {
  const started = performance.now();
  const res = await postPayment(apiUrl, paymentBody({ customerId: `cus_${randomUUID().slice(0, 8)}` }), key);
  return { res, ms: performance.now() - started, key };
}

describe('sync baseline vs event-driven API', () => {
  it('sync mode sends the receipt inside the request when the provider is healthy', async () => {
    await smtp.setMode({ mode: 'normal' });
    const { res } = await timedPayment(syncApi.url);
    expect(res.status, res.text).toBe(201);
    const paymentId = (res.json as { paymentId: string }).paymentId;
    expect(smtp.mailbox().delivered.some((m) => m.paymentId === paymentId)).toBe(true);
  });

  it('a slow email provider slows the sync request but not the event-driven one', async () => {
    await smtp.setMode({ mode: 'slow', delayMs: 600 });
    try {
      const sync = await timedPayment(syncApi.url);
      const event = await timedPayment(eventApi.url);
      expect(sync.res.status).toBe(201);
      expect(event.res.status).toBe(201);
      expect(sync.ms).toBeGreaterThan(600);
      expect(event.ms).toBeLessThan(sync.ms - 400);
    } finally {
      await smtp.setMode({ mode: 'normal' });
    }
  });

  it('a dead email provider fails the sync request after the card was charged; event mode is unaffected', async () => {
    await smtp.setMode({ mode: 'down' });
    try {
      const sync = await timedPayment(syncApi.url);
      expect(sync.res.status).toBe(500);
      expect(sync.res.json).toMatchObject({ error: 'downstream_failed' });
      expect((sync.res.json as { message: string }).message).toMatch(/receipts/);
      const chargedFirst = processor.successfulCharges().filter((c) => c.idempotencyKey === sync.key);
      expect(chargedFirst).toHaveLength(1);

      const event = await timedPayment(eventApi.url);
      expect(event.res.status).toBe(201);
    } finally {
      await smtp.setMode({ mode: 'normal' });
    }
  });

  it('the old design double-charges a client retry with the same key after a downstream failure', async () => {
    await smtp.setMode({ mode: 'down' });
    const key = randomUUID();
    const body = paymentBody({ customerId: 'cus_double' });
    try {
      const first = await postPayment(syncApi.url, body, key);
      expect(first.status).toBe(500);
    } finally {
      await smtp.setMode({ mode: 'normal' });
    }
    const retry = await postPayment(syncApi.url, body, key);
    expect(retry.status).toBe(201);
    expect(processor.successfulCharges().filter((c) => c.idempotencyKey === key)).toHaveLength(2);
  });
});
