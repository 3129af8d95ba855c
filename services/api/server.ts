// The payment API. Event mode (the fix): charge, commit payment + idempotency record + outbox row in one SQLite
// transaction, answer 201; a relay publishes payment_success to Kafka. Sync mode (the story's old design): charge,
// then run every downstream stage inline, so a slow or dead email provider slows or fails the payment request.
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { cloudEventHeaders, PAYMENT_SUCCESS_TYPE, type PaymentSuccess } from '../../shared/events';
import { SOURCE_TOPIC, STAGES, type StageName } from '../../shared/referencePipeline';
import { createProcessorClient, type ChargeOutcome } from '../processor/client';
import type { ChargeResponse } from '../processor/server';
import type { StageDeps } from '../stages/index';
import { createRequestFingerprinter, loadFingerprintSecret } from './fingerprint';
import { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay';
import {
  createPaymentSchema,
  idempotencyKeySchema,
  type ApiError,
  type CreatePaymentRequest,
  type PaymentCreated,
} from './schema';
import {
  openPaymentStore,
  type Durability,
  type PaymentRow,
  type PaymentStore,
  type StoredResponse,
} from './store';

export type ApiMode = 'event' | 'sync';

/** The shape of one downstream stage as the sync baseline calls it (same as services/stages' handlers). */
export type SyncStageHandler = (
  event: PaymentSuccess,
  meta: { ceId: string; correlationId: string },
) => Promise<unknown>;

export interface PaymentApiOptions {
  /** Kafka bootstrap servers; required in event mode. */
  bootstrap?: string;
  port?: number;
  host?: string;
  /** Folder of the API's SQLite file. */
  dataDir: string;
  processorUrl: string;
  mode: ApiMode;
  /** Topic of the payment_success event (default payments.succeeded). */
  topic?: string;
  /** Sync mode: the stage handlers are built from these with services/stages' createStageHandlers. */
  stageDeps?: StageDeps;
  /** Sync mode: explicit handlers (instead of stageDeps), called in STAGES order. */
  stageHandlers?: Partial<Record<StageName, SyncStageHandler>>;
  /** 'full' fsyncs every commit (default); 'normal' survives process crashes but not power loss. */
  durability?: Durability;
  /** A key locked longer than this is presumed abandoned by a crashed request and resumed. Must exceed the charge timeout. */
  lockTimeoutMs?: number;
  processorTimeoutMs?: number;
  relay?: Partial<Omit<OutboxRelayOptions, 'store' | 'bootstrap' | 'topic' | 'log'>>;
  /**
   * Secret of the idempotency fingerprints (hex, at least 32 bytes). Default: $EVENTDESK_API_IDEMPOTENCY_SECRET, else
   * `<dataDir>/idempotency.key`, generated with mode 0600 on first start. Never stored in the database.
   */
  idempotencySecret?: string;
  /** How long a completed Idempotency-Key replays its answer (default 24 h); later, the key makes a new payment. */
  idempotencyRetentionMs?: number;
  /** Background pruning of expired keys and sent outbox rows (default every minute). */
  pruneIntervalMs?: number;
  /** Clock of the store's claims and retention (tests inject one). */
  now?: () => number;
  /** ce_source of published events. */
  eventSource?: string;
  log?: (line: string) => void;
}

export interface PaymentApi {
  url: string;
  mode: ApiMode;
  /** The outbox relay (event mode only). */
  relay: OutboxRelay | null;
  close(): Promise<void>;
}

const errorBody = (error: string, message: string, details?: unknown): ApiError =>
  details === undefined ? { error, message } : { error, message, details };

const correlationIdPattern = /^[\x21-\x7e]{1,128}$/;

export async function startPaymentApi(options: PaymentApiOptions): Promise<PaymentApi> {
  const log = options.log ?? (() => {});
  const mode = options.mode;
  const topic = options.topic ?? SOURCE_TOPIC;
  const eventSource = options.eventSource ?? '/eventdesk/payments-api';
  const processorTimeoutMs = options.processorTimeoutMs ?? 10_000;
  const lockTimeoutMs = options.lockTimeoutMs ?? Math.max(30_000, processorTimeoutMs * 3);
  if (mode === 'event' && !options.bootstrap) throw new Error('event mode needs Kafka bootstrap servers');

  const fingerprint = createRequestFingerprinter(
    loadFingerprintSecret(options.dataDir, { secret: options.idempotencySecret }),
  );
  const store: PaymentStore = openPaymentStore(options.dataDir, {
    durability: options.durability,
    idempotencyRetentionMs: options.idempotencyRetentionMs,
    pruneIntervalMs: options.pruneIntervalMs,
    now: options.now,
  });
  const processor = createProcessorClient(options.processorUrl, { timeoutMs: processorTimeoutMs });

  const relay =
    mode === 'event' && options.bootstrap
      ? startOutboxRelay({ ...options.relay, store, bootstrap: options.bootstrap, topic, log })
      : null;

  let closeStages: () => Promise<void> = async () => {};
  let stageHandlers: Array<[StageName, SyncStageHandler]> = [];
  if (mode === 'sync') {
    let handlers: Partial<Record<StageName, SyncStageHandler>> | undefined = options.stageHandlers;
    if (!handlers && options.stageDeps) {
      const stages = await import('../stages/index');
      const deps = options.stageDeps;
      handlers = stages.createStageHandlers(deps);
      closeStages = () => stages.closeStageHandlers(deps);
    }
    if (!handlers)
      throw new Error('sync mode needs stageDeps (or stageHandlers) to call the downstream stages inline');
    const given = handlers;
    stageHandlers = STAGES.flatMap((name): Array<[StageName, SyncStageHandler]> => {
      const handler = given[name];
      return handler ? [[name, handler]] : [];
    });
  }

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, keepAliveTimeout: 30_000 });

  // Fastify's own errors (bad JSON, wrong content type, oversized body) in the same shape as ours.
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(`unexpected error: ${error.message}`);
    void reply
      .code(status)
      .send(
        errorBody(
          status === 500 ? 'internal_error' : (error.code ?? 'bad_request').toLowerCase(),
          error.message,
        ),
      );
  });

  const sendStored = (reply: FastifyReply, stored: StoredResponse, replayed: boolean) => {
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return reply.code(stored.status).type('application/json').send(stored.body);
  };

  /** Asks the gateway whether an earlier attempt charged; charges only when it certainly did not. */
  const chargeOrRecover = async (
    paymentId: string,
    key: string,
    body: CreatePaymentRequest,
    resuming: boolean,
  ): Promise<ChargeOutcome> => {
    if (resuming) {
      let earlier: ChargeResponse[];
      try {
        earlier = await processor.findByReference(paymentId);
      } catch (err) {
        return {
          kind: 'unknown',
          reason: `cannot ask the card processor about ${paymentId}: ${(err as Error).message}`,
        };
      }
      const succeeded = earlier.find((c) => c.status === 'succeeded');
      if (succeeded) return { kind: 'succeeded', charge: succeeded };
      const declined = earlier.find((c) => c.status === 'declined');
      if (declined) return { kind: 'declined', charge: declined };
    }
    return processor.charge(
      {
        reference: paymentId,
        customerId: body.customerId,
        amountMinor: body.amountMinor,
        currency: body.currency,
        cardNumber: body.cardNumber,
      },
      // Passed on as defence in depth; correctness does not depend on the gateway honouring it.
      key,
    );
  };

  const paymentRow = (
    paymentId: string,
    key: string,
    body: CreatePaymentRequest,
    charge: ChargeResponse,
  ): PaymentRow => ({
    paymentId,
    idempotencyKey: key,
    customerId: body.customerId,
    amountMinor: body.amountMinor,
    currency: body.currency,
    email: body.email,
    phone: body.phone ?? null,
    cardLast4: charge.cardLast4,
    chargeId: charge.chargeId,
    status: charge.status,
    declineCode: charge.declineCode,
    createdAt: new Date().toISOString(),
  });

  const toEvent = (row: PaymentRow): PaymentSuccess => ({
    paymentId: row.paymentId,
    customerId: row.customerId,
    amountMinor: row.amountMinor,
    currency: row.currency,
    email: row.email,
    ...(row.phone ? { phone: row.phone } : {}),
    cardLast4: row.cardLast4,
    chargeId: row.chargeId,
    createdAt: row.createdAt,
  });

  const createdBody = (row: PaymentRow, eventId: string | null): PaymentCreated => ({
    paymentId: row.paymentId,
    status: 'succeeded',
    customerId: row.customerId,
    amountMinor: row.amountMinor,
    currency: row.currency,
    cardLast4: row.cardLast4,
    chargeId: row.chargeId,
    eventId,
    createdAt: row.createdAt,
  });

  const declinedResponse = (row: PaymentRow): StoredResponse => ({
    status: 402,
    body: JSON.stringify({
      ...errorBody('card_declined', 'The card was declined by the issuer.'),
      paymentId: row.paymentId,
      declineCode: row.declineCode,
    }),
  });

  app.post('/payments', async (request: FastifyRequest, reply: FastifyReply) => {
    const rawKey = request.headers['idempotency-key'];
    if (rawKey === undefined) {
      return reply
        .code(400)
        .send(
          errorBody(
            'idempotency_key_missing',
            'POST /payments requires an Idempotency-Key header (e.g. a UUID) so that a retry never charges twice.',
          ),
        );
    }
    const keyCheck = idempotencyKeySchema.safeParse(rawKey);
    if (!keyCheck.success) {
      return reply
        .code(400)
        .send(errorBody('idempotency_key_invalid', keyCheck.error.issues.map((i) => i.message).join('; ')));
    }
    const key = keyCheck.data;
    const parsed = createPaymentSchema.safeParse(request.body);
    if (!parsed.success) {
      return reply
        .code(400)
        .send(
          errorBody(
            'invalid_payment_request',
            parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
            parsed.error.issues,
          ),
        );
    }
    const body = parsed.data;
    const rawCorrelation = request.headers['x-correlation-id'];
    const correlationId =
      typeof rawCorrelation === 'string' && correlationIdPattern.test(rawCorrelation)
        ? rawCorrelation
        : randomUUID();

    const claim = await store.claim(key, fingerprint(body), `pay_${randomUUID()}`, lockTimeoutMs);
    switch (claim.kind) {
      case 'mismatch':
        return reply
          .code(422)
          .send(
            errorBody(
              'idempotency_key_reused',
              'This Idempotency-Key was already used with a different request body; use a new key for a new payment.',
            ),
          );
      case 'in_flight':
        return reply
          .code(409)
          .header('retry-after', '1')
          .send(
            errorBody(
              'idempotency_key_in_flight',
              'A request with this Idempotency-Key is still being processed; retry shortly.',
            ),
          );
      case 'replay':
        return sendStored(reply, claim.response, true);
      case 'new':
      case 'resume':
        break;
    }
    const { paymentId } = claim;

    let outcome: ChargeOutcome;
    try {
      outcome = await chargeOrRecover(paymentId, key, body, claim.kind === 'resume');
    } catch (err) {
      outcome = { kind: 'unknown', reason: (err as Error).message };
    }
    if (outcome.kind === 'unknown') {
      if (mode === 'sync') store.releaseClaim(key);
      else store.markChargeUnknown(key);
      await store.durable();
      return reply
        .code(502)
        .send(
          errorBody(
            'processor_unavailable',
            `The card processor did not confirm the charge (${outcome.reason}); retry with the same Idempotency-Key.`,
          ),
        );
    }

    const row = paymentRow(paymentId, key, body, outcome.charge);
    if (outcome.kind === 'declined') {
      const response = declinedResponse(row);
      await store.complete(key, row, null, response);
      return sendStored(reply, response, false);
    }

    if (mode === 'sync') {
      // The old design: every downstream step inside the request. Any failure fails the request after the
      // card was charged, and the claim is forgotten, so the client's retry charges again.
      const event = toEvent(row);
      const meta = { ceId: randomUUID(), correlationId };
      for (const [stage, handle] of stageHandlers) {
        try {
          await handle(event, meta);
        } catch (err) {
          store.releaseClaim(key);
          await store.durable();
          return reply
            .code(500)
            .send(
              errorBody('downstream_failed', `Payment step "${stage}" failed: ${(err as Error).message}`),
            );
        }
      }
      const response: StoredResponse = { status: 201, body: JSON.stringify(createdBody(row, null)) };
      await store.complete(key, row, null, response);
      return sendStored(reply.header('location', `/payments/${paymentId}`), response, false);
    }

    const eventId = randomUUID();
    const headers = cloudEventHeaders({
      id: eventId,
      type: PAYMENT_SUCCESS_TYPE,
      source: eventSource,
      time: row.createdAt,
      correlationId,
    });
    const response: StoredResponse = { status: 201, body: JSON.stringify(createdBody(row, eventId)) };
    await store.complete(
      key,
      row,
      { eventId, topic, messageKey: paymentId, headers, payload: JSON.stringify(toEvent(row)) },
      response,
    );
    relay?.wake();
    return sendStored(reply.header('location', `/payments/${paymentId}`), response, false);
  });

  app.get('/payments/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const payment = store.getPayment(id);
    if (!payment) return reply.code(404).send(errorBody('payment_not_found', `No payment with id ${id}.`));
    const { eventId, publishedAt, ...rest } = payment;
    return {
      ...rest,
      event:
        eventId === null
          ? null
          : {
              eventId,
              topic,
              publishedAt: publishedAt === null ? null : new Date(publishedAt).toISOString(),
            },
    };
  });

  app.get('/health', async () => {
    const backlog = store.outboxBacklog();
    const relayStats = relay?.stats() ?? null;
    return {
      ok: true,
      mode,
      // Kafka being down degrades event delivery, never payment acceptance.
      kafka: relay ? (relayStats && relayStats.consecutiveFailures > 0 ? 'unreachable' : 'ok') : 'not_used',
      outbox: backlog,
      relay: relayStats,
    };
  });

  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  log(`payment API (${mode} mode) listening on ${address}`);

  return {
    url: address,
    mode,
    relay,
    async close() {
      await app.close();
      await relay?.close();
      await closeStages();
      processor.close();
      store.close();
    },
  };
}
