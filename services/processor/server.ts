// A sandbox card gateway (the PSP) over HTTP. It keeps its own ledger of every charge attempt, so a double
// charge made by the payment API is visible from outside the API: the ledger is the oracle, not the API's DB.
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';

export type ChargeStatus = 'succeeded' | 'declined';

/** One charge attempt as the gateway recorded it (replays answered from its dedupe store are not new rows). */
export interface Charge {
  chargeId: string;
  /** The merchant's reference for the charge (the payment API sends its paymentId). */
  reference: string;
  /** The Idempotency-Key header the merchant sent, if any. */
  idempotencyKey: string | null;
  customerId: string;
  amountMinor: number;
  currency: string;
  cardLast4: string;
  status: ChargeStatus;
  declineCode: string | null;
  createdAt: string;
}

export interface CardProcessorOptions {
  /** TCP port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Added to every charge before it answers, to model a real gateway's round trip. */
  latencyMs?: number;
  /** Share (0..1) of charges declined at random, on top of the always-declining test card. */
  declineRate?: number;
  /** Share (0..1) of charge requests that fail with a 503 *after* the charge was recorded (outcome unknown to the caller). */
  errorAfterChargeRate?: number;
  /**
   * Whether a repeated Idempotency-Key is answered from the gateway's store instead of charging again.
   * Real gateways may or may not do this; tests turn it off to prove the API's own guarantee.
   */
  dedupeByIdempotencyKey?: boolean;
  /** Random source, injectable so tests can make declines deterministic. */
  random?: () => number;
}

export interface ProcessorSettings {
  latencyMs: number;
  declineRate: number;
  errorAfterChargeRate: number;
  dedupeByIdempotencyKey: boolean;
}

export interface CardProcessor {
  url: string;
  /** Every charge attempt the gateway recorded (succeeded and declined), oldest first. */
  charges(): Charge[];
  /** Successful charges only. */
  successfulCharges(): Charge[];
  /** Changes latency, decline rate or dedupe while running (for benchmarks and fault tests). */
  configure(settings: Partial<ProcessorSettings>): void;
  settings(): ProcessorSettings;
  /** Forgets all charges (between benchmark cells). */
  reset(): void;
  close(): Promise<void>;
}

/** Card numbers that behave like the well-known gateway test cards. */
export const TEST_CARDS = {
  visaSucceeds: '4242424242424242',
  alwaysDeclines: '4000000000000002',
} as const;

export const chargeRequestSchema = z
  .object({
    reference: z.string().min(1).max(128),
    customerId: z.string().min(1).max(128),
    amountMinor: z.number().int().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    cardNumber: z.string().regex(/^\d{12,19}$/),
  })
  .strict();
export type ChargeRequest = z.infer<typeof chargeRequestSchema>;

/** What the gateway answers for a charge (201 succeeded, 402 declined). */
export const chargeResponseSchema = z.object({
  chargeId: z.string(),
  reference: z.string(),
  status: z.enum(['succeeded', 'declined']),
  declineCode: z.string().nullable(),
  cardLast4: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
});
export type ChargeResponse = z.infer<typeof chargeResponseSchema>;

function toResponse(charge: Charge): ChargeResponse {
  return {
    chargeId: charge.chargeId,
    reference: charge.reference,
    status: charge.status,
    declineCode: charge.declineCode,
    cardLast4: charge.cardLast4,
    amountMinor: charge.amountMinor,
    currency: charge.currency,
    createdAt: charge.createdAt,
  };
}

export async function startCardProcessor(options: CardProcessorOptions = {}): Promise<CardProcessor> {
  const random = options.random ?? Math.random;
  const current: ProcessorSettings = {
    latencyMs: options.latencyMs ?? 0,
    declineRate: options.declineRate ?? 0,
    errorAfterChargeRate: options.errorAfterChargeRate ?? 0,
    dedupeByIdempotencyKey: options.dedupeByIdempotencyKey ?? true,
  };
  const ledger: Charge[] = [];
  const byIdempotencyKey = new Map<string, Charge>();

  const app: FastifyInstance = Fastify({ logger: false, keepAliveTimeout: 30_000 });

  app.post('/charges', async (request, reply) => {
    const parsed = chargeRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ error: 'invalid_charge_request', issues: parsed.error.issues });
    }
    const headerKey = request.headers['idempotency-key'];
    const idempotencyKey = typeof headerKey === 'string' && headerKey !== '' ? headerKey : null;
    if (current.latencyMs > 0) await sleep(current.latencyMs);

    if (idempotencyKey && current.dedupeByIdempotencyKey) {
      const earlier = byIdempotencyKey.get(idempotencyKey);
      if (earlier) {
        return reply
          .code(earlier.status === 'succeeded' ? 201 : 402)
          .header('idempotent-replayed', 'true')
          .send(toResponse(earlier));
      }
    }

    const body = parsed.data;
    const declined = body.cardNumber === TEST_CARDS.alwaysDeclines || random() < current.declineRate;
    const charge: Charge = {
      chargeId: `ch_${randomUUID().replaceAll('-', '')}`,
      reference: body.reference,
      idempotencyKey,
      customerId: body.customerId,
      amountMinor: body.amountMinor,
      currency: body.currency,
      cardLast4: body.cardNumber.slice(-4),
      status: declined ? 'declined' : 'succeeded',
      declineCode: declined ? 'card_declined' : null,
      createdAt: new Date().toISOString(),
    };
    ledger.push(charge);
    if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, charge);

    // The nasty case for merchants: the money moved but the answer got lost.
    if (current.errorAfterChargeRate > 0 && random() < current.errorAfterChargeRate) {
      return reply.code(503).send({ error: 'gateway_unavailable' });
    }
    return reply.code(declined ? 402 : 201).send(toResponse(charge));
  });

  // Lets a merchant find out whether a charge with its reference exists after an unknown outcome.
  app.get('/charges', async (request) => {
    const query = z.object({ reference: z.string().optional() }).safeParse(request.query);
    const reference = query.success ? query.data.reference : undefined;
    const rows = reference === undefined ? ledger : ledger.filter((c) => c.reference === reference);
    return { charges: rows };
  });

  app.get('/health', async () => ({ ok: true, charges: ledger.length }));

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });

  return {
    url: address,
    charges: () => ledger.slice(),
    successfulCharges: () => ledger.filter((c) => c.status === 'succeeded'),
    configure(settings) {
      Object.assign(current, settings);
    },
    settings: () => ({ ...current }),
    reset() {
      ledger.length = 0;
      byIdempotencyKey.clear();
    },
    close: () => app.close(),
  };
}

/** Groups successful charges by the merchant's idempotency key and returns the surplus: the double charges. */
export function countDuplicateCharges(
  charges: readonly Charge[],
  keyOf: (c: Charge) => string | null = (c) => c.idempotencyKey,
): number {
  const perKey = new Map<string, number>();
  for (const c of charges) {
    if (c.status !== 'succeeded') continue;
    const key = keyOf(c);
    if (key === null) continue;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  let surplus = 0;
  for (const n of perKey.values()) surplus += n - 1;
  return surplus;
}
