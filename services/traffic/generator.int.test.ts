// The traffic generator against a real event-mode API (duplicates and bursts, judged by the gateway ledger),
// and poison records produced straight to the broker, read back byte for byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startPaymentApi, type PaymentApi } from '../api/server';
import { countDuplicateCharges, startCardProcessor, type CardProcessor } from '../processor/server';
import { POISON_KINDS, producePoison, startTraffic } from './generator';

let processor: CardProcessor;
let api: PaymentApi;
let dataDir: string;

beforeAll(async () => {
  processor = await startCardProcessor({ dedupeByIdempotencyKey: false, latencyMs: 20 });
  dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-traffic-'));
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

describe('traffic generator', () => {
  it('sends steady load, bursts and same-key duplicates without a single double charge', async () => {
    const traffic = startTraffic({
      apiUrl: api.url,
      ratePerSec: 40,
      burst: { everyMs: 700, size: 10 },
      retryShare: 0.4,
      declineShare: 0.1,
      durationMs: 2_000,
    });
    const stats = await traffic.finished;
    expect(stats.scheduled).toBeGreaterThanOrEqual(80 + 20);
    expect(stats.duplicateSends).toBeGreaterThan(0);
    expect(stats.succeeded + stats.declined).toBe(stats.scheduled);
    expect(stats.latencyMs.count).toBe(stats.scheduled);
    const charges = processor.charges();
    // One gateway charge per key, whatever the client sent.
    expect(countDuplicateCharges(charges)).toBe(0);
    expect(charges).toHaveLength(stats.scheduled);
    const accepted = traffic.outcomes().filter((o) => o.status === 201);
    expect(new Set(accepted.map((o) => o.paymentId)).size).toBe(stats.succeeded);
    expect(processor.successfulCharges()).toHaveLength(stats.succeeded);
  });

  it('produces each poison kind straight to Kafka, bytes intact', async () => {
    const topic = uniqueName('poison');
    const produced = await producePoison({ bootstrap: testBootstrap(), topic, kinds: POISON_KINDS });
    expect(produced.map((p) => p.kind)).toEqual([...POISON_KINDS]);
    for (const p of produced) expect(p.produced, `${p.kind}: ${p.error ?? ''}`).toBe(true);
    expect(produced.find((p) => p.kind === 'oversized')?.valueBytes).toBe(10 * 1024 * 1024);

    const kafka = new Kafka({
      clientId: 'poison-test',
      brokers: [testBootstrap()],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({
      groupId: uniqueName('poison-test'),
      maxBytesPerPartition: 16 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
    });
    const seen = new Map<string, { value: Buffer | null; headers: Record<string, string> }>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`saw ${seen.size} of ${POISON_KINDS.length}`)),
          30_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              headers[k] = String(Array.isArray(v) ? v[0] : v);
            seen.set(message.key?.toString() ?? '', { value: message.value, headers });
            if (seen.size === POISON_KINDS.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    const byKind = (kind: string) => seen.get(produced.find((p) => p.kind === kind)!.key)!;
    expect(() => JSON.parse(byKind('malformed-json').value!.toString('utf8'))).toThrow();
    expect(byKind('missing-ce-id').headers.ce_id).toBeUndefined();
    expect(byKind('wrong-ce-type').headers.ce_type).toBe('com.eventdesk.payment.success.v9');
    expect(JSON.parse(byKind('schema-invalid').value!.toString('utf8'))).toMatchObject({
      amountMinor: 12.34,
    });
    expect(byKind('oversized').value!.length).toBe(10 * 1024 * 1024);
    const invalid = byKind('invalid-utf8').value!;
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(invalid)).toThrow();
  });
});
