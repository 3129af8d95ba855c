// Builds and publishes payment_success events exactly as the payment API's relay does (CloudEvents binary
// mode), for tests and the sandbox when no API is running.
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { cloudEventHeaders, PAYMENT_SUCCESS_TYPE, type PaymentSuccess } from '../../shared/events';

export interface PublishedPayment {
  event: PaymentSuccess;
  ceId: string;
  correlationId: string;
}

export function samplePayment(n: number, overrides: Partial<PaymentSuccess> = {}): PaymentSuccess {
  const paymentId = `pay_${randomUUID()}`;
  return {
    paymentId,
    customerId: `cust_${n % 17}`,
    amountMinor: 1_000 + ((n * 137) % 90_000),
    currency: 'EUR',
    email: `customer${n}@example.com`,
    phone: `+1555${String(n).padStart(7, '0')}`,
    cardLast4: '4242',
    chargeId: `ch_${randomUUID()}`,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

export function paymentMessage(
  event: PaymentSuccess,
  ceId: string = randomUUID(),
  correlationId: string = randomUUID(),
) {
  return {
    key: event.paymentId,
    value: JSON.stringify(event),
    headers: cloudEventHeaders({
      id: ceId,
      type: PAYMENT_SUCCESS_TYPE,
      source: '/payments-api',
      time: new Date().toISOString(),
      correlationId,
    }),
  };
}

export async function publishPayments(
  producer: Producer,
  topic: string,
  events: PaymentSuccess[],
): Promise<PublishedPayment[]> {
  const published = events.map((event) => ({ event, ceId: randomUUID(), correlationId: randomUUID() }));
  await producer.send({
    topic,
    messages: published.map((p) => paymentMessage(p.event, p.ceId, p.correlationId)),
  });
  return published;
}
