// Poison records written straight to Kafka, bypassing the API: what a buggy or foreign producer might send.
// Consumers must dead-letter each of these with a reason, and keep the partition flowing.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { cloudEventHeaders, PAYMENT_SUCCESS_TYPE, type PaymentSuccess } from '../../shared/events';

export const POISON_KINDS = [
  'malformed-json',
  'missing-ce-id',
  'wrong-ce-type',
  'schema-invalid',
  'oversized',
  'invalid-utf8',
] as const;
export type PoisonKind = (typeof POISON_KINDS)[number];

export interface PoisonOptions {
  bootstrap: string | string[];
  topic: string;
  kinds?: readonly PoisonKind[];
  /** Size of the oversized value (default 10 MB; the broker/topic must allow it, or that one record is refused). */
  oversizedBytes?: number;
}

export interface PoisonRecord {
  kind: PoisonKind;
  key: string;
  /** The ce_id header written, or null when the kind omits it. */
  ceId: string | null;
  valueBytes: number;
  produced: boolean;
  /** Why the broker refused it (e.g. a 10 MB record on a topic limited to 1 MB). */
  error?: string;
}

interface PoisonMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

function validEvent(paymentId: string): PaymentSuccess {
  return {
    paymentId,
    customerId: 'cus_poison',
    amountMinor: 1234,
    currency: 'EUR',
    email: 'poison@example.com',
    cardLast4: '4242',
    chargeId: `ch_poison_${paymentId}`,
    createdAt: new Date().toISOString(),
  };
}

export function buildPoisonMessage(kind: PoisonKind, oversizedBytes = 10 * 1024 * 1024): PoisonMessage {
  const paymentId = `pay_poison_${kind}_${randomUUID()}`;
  const ceId = randomUUID();
  const headers = cloudEventHeaders({
    id: ceId,
    type: PAYMENT_SUCCESS_TYPE,
    source: '/eventdesk/traffic/poison',
    time: new Date().toISOString(),
    correlationId: `poison-${kind}`,
  });
  const good = Buffer.from(JSON.stringify(validEvent(paymentId)), 'utf8');
  switch (kind) {
    case 'malformed-json':
      return {
        key: paymentId,
        value: Buffer.from(`{"paymentId": "${paymentId}", "amountMinor": ,}`, 'utf8'),
        headers,
      };
    case 'missing-ce-id': {
      const { ce_id: _dropped, ...rest } = headers;
      return { key: paymentId, value: good, headers: rest };
    }
    case 'wrong-ce-type':
      // An unknown major version: a v1 consumer must not guess at its meaning.
      return {
        key: paymentId,
        value: good,
        headers: { ...headers, ce_type: 'com.eventdesk.payment.success.v9' },
      };
    case 'schema-invalid':
      return {
        key: paymentId,
        value: Buffer.from(
          JSON.stringify({ ...validEvent(paymentId), amountMinor: 12.34, currency: 'euro' }),
          'utf8',
        ),
        headers,
      };
    case 'oversized': {
      const prefix = `{"paymentId":"${paymentId}","padding":"`;
      const padding = Math.max(0, oversizedBytes - prefix.length - 2);
      return {
        key: paymentId,
        value: Buffer.concat([Buffer.from(prefix), Buffer.alloc(padding, 0x78), Buffer.from('"}')]),
        headers,
      };
    }
    case 'invalid-utf8':
      // 0xC3 0x28 is an invalid two-byte sequence, 0xFF never occurs in UTF-8.
      return {
        key: paymentId,
        value: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0x22, 0x7d]),
        headers,
      };
  }
}

/** Produces one record of each requested kind (each sent on its own, so one refusal does not hide the others). */
export async function producePoison(options: PoisonOptions): Promise<PoisonRecord[]> {
  const kinds = options.kinds ?? POISON_KINDS;
  const brokers = Array.isArray(options.bootstrap) ? options.bootstrap : options.bootstrap.split(',');
  const kafka = new Kafka({ clientId: 'eventdesk-poison', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const results: PoisonRecord[] = [];
  try {
    for (const kind of kinds) {
      const message = buildPoisonMessage(kind, options.oversizedBytes);
      const base = {
        kind,
        key: message.key,
        ceId: message.headers.ce_id ?? null,
        valueBytes: message.value.length,
      };
      try {
        await producer.send({ topic: options.topic, acks: -1, messages: [message] });
        results.push({ ...base, produced: true });
      } catch (err) {
        results.push({ ...base, produced: false, error: (err as Error).message });
      }
    }
  } finally {
    await producer.disconnect();
  }
  return results;
}
