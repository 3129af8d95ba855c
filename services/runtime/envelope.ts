// Reading a consumed record into a payment event, and building the records the runtime forwards
// (retry tiers, DLQ, outcomes). Pure: no Kafka client here, so it is unit-tested without a broker.
import {
  ceHeaders,
  CLOUDEVENTS_SPEC_VERSION,
  PAYMENT_SUCCESS_TYPE,
  paymentSuccessSchema,
  type PaymentSuccess,
} from '../../shared/events';
import { encodeDeadLetterHeaders, errorFingerprint, type RawHeaders } from '../../shared/dlqHeaders';
import { eventdeskHeaders, isDeadLetterHeader } from '../../shared/deadLetterHeaderNames';
import { StageError, type FailureClass } from '../stages/types';
import { createValueReader, type ValueReader } from './avroValues';

export type ConsumedHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;
export type ForwardHeaders = Record<string, Buffer | string>;

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Epoch ms as kafkajs reports it (a decimal string). */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: ConsumedHeaders;
}

export type ParsedEnvelope =
  { ok: true; event: PaymentSuccess; ceId: string; correlationId: string } | { ok: false; error: StageError };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** JSON values, and wire-format values named as needing a registry. */
const jsonOnly = createValueReader(null);

export function headerText(headers: ConsumedHeaders | RawHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return strictUtf8.decode(value as Uint8Array);
  } catch {
    return undefined;
  }
}

const poison = (message: string, errorName: string) => new StageError(message, 'poison', errorName);

/**
 * Poison = the record can never be processed, whatever the retries: unreadable, unknown type, no id. The value
 * is JSON, or Avro in the Confluent wire format when the reader has a registry (and was prepared for it).
 */
export function parseEnvelope(
  record: Pick<ConsumedRecord, 'headers' | 'value'>,
  values: ValueReader = jsonOnly,
): ParsedEnvelope {
  const ceId = headerText(record.headers, ceHeaders.id);
  if (!ceId)
    return {
      ok: false,
      error: poison(
        `missing ${ceHeaders.id} header: the event has no identity, so it cannot be deduplicated`,
        'eventdesk.poison.MissingEventId',
      ),
    };
  const type = headerText(record.headers, ceHeaders.type);
  if (type !== PAYMENT_SUCCESS_TYPE) {
    return {
      ok: false,
      error: poison(
        `unsupported ${ceHeaders.type} "${type ?? '(missing)'}": expected ${PAYMENT_SUCCESS_TYPE}`,
        'eventdesk.poison.UnsupportedType',
      ),
    };
  }
  if (!record.value || record.value.length === 0)
    return { ok: false, error: poison('empty record value', 'eventdesk.poison.EmptyValue') };
  const read = values.read(record.value);
  if (!read.ok) return { ok: false, error: poison(read.message, read.errorName) };
  const parsed = paymentSuccessSchema.safeParse(read.json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return {
      ok: false,
      error: poison(`payment_success failed its schema: ${issues}`, 'eventdesk.poison.SchemaViolation'),
    };
  }
  return {
    ok: true,
    event: parsed.data,
    ceId,
    correlationId: headerText(record.headers, ceHeaders.correlationId) ?? ceId,
  };
}

export interface ClassifiedFailure {
  failureClass: FailureClass;
  errorName: string;
  message: string;
  causeName?: string;
  stack: string;
}

/** Unknown errors count as transient: retrying a bug costs a few attempts, dropping a payment costs money. */
export function classifyFailure(err: unknown): ClassifiedFailure {
  if (err instanceof StageError) {
    const cause = err.cause instanceof Error ? err.cause : undefined;
    return {
      failureClass: err.failureClass,
      errorName: err.errorName,
      message: err.message,
      causeName: cause?.name,
      stack: err.stack ?? err.message,
    };
  }
  if (err instanceof Error)
    return {
      failureClass: 'transient',
      errorName: err.name || 'Error',
      message: err.message,
      stack: err.stack ?? err.message,
    };
  return { failureClass: 'transient', errorName: 'Error', message: String(err), stack: String(err) };
}

/** Where the record was first consumed: kept in eventdesk_origin_* headers across retry hops. */
export interface Origin {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
}

export function originOf(record: ConsumedRecord): Origin {
  const topic = headerText(record.headers, eventdeskHeaders.originTopic);
  const partition = headerText(record.headers, eventdeskHeaders.originPartition);
  const offset = headerText(record.headers, eventdeskHeaders.originOffset);
  const timestamp = headerText(record.headers, eventdeskHeaders.originTimestamp);
  if (topic && partition && /^\d+$/.test(partition) && offset && /^\d+$/.test(offset)) {
    return {
      topic,
      partition: Number(partition),
      offset,
      timestamp: timestamp && /^\d+$/.test(timestamp) ? timestamp : record.timestamp,
    };
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
  };
}

function decimalHeader(headers: ConsumedHeaders, name: string): number | undefined {
  const text = headerText(headers, name);
  return text && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** Attempts made before this one (0 for a record straight from the source or redelivery topic). */
export function previousAttempts(record: ConsumedRecord): number {
  return decimalHeader(record.headers, eventdeskHeaders.attempts) ?? 0;
}

/** The record's own headers (ce_*, correlationid, provenance) without any dead-letter or retry state. */
export function eventHeadersOnly(headers: ConsumedHeaders): ForwardHeaders {
  const kept: ForwardHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || isDeadLetterHeader(name)) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) kept[name] = last;
  }
  return kept;
}

export interface FailureContext {
  stage: string;
  groupId: string;
  failure: ClassifiedFailure;
  now: number;
}

/** Headers for the next retry tier: the event's own headers plus attempt, due time and origin. */
export function retryHeaders(
  record: ConsumedRecord,
  ctx: FailureContext & { delayMs: number },
): ForwardHeaders {
  const origin = originOf(record);
  const attempts = previousAttempts(record) + 1;
  const firstFailure = decimalHeader(record.headers, eventdeskHeaders.firstFailureTime) ?? ctx.now;
  return {
    ...eventHeadersOnly(record.headers),
    [eventdeskHeaders.attempts]: String(attempts),
    [eventdeskHeaders.firstFailureTime]: String(firstFailure),
    [eventdeskHeaders.lastFailureTime]: String(ctx.now),
    [eventdeskHeaders.dueAt]: String(ctx.now + ctx.delayMs),
    [eventdeskHeaders.stage]: ctx.stage,
    [eventdeskHeaders.errorClass]: ctx.failure.failureClass,
    [eventdeskHeaders.errorFingerprint]: errorFingerprint(ctx.failure.errorName, ctx.failure.message),
    [eventdeskHeaders.lastError]: `${ctx.failure.errorName}: ${ctx.failure.message}`.slice(0, 2000),
    [eventdeskHeaders.originTopic]: origin.topic,
    [eventdeskHeaders.originPartition]: String(origin.partition),
    [eventdeskHeaders.originOffset]: origin.offset,
    [eventdeskHeaders.originTimestamp]: origin.timestamp,
  };
}

/** Headers for the stage DLQ: Spring's kafka_dlt-* set (binary encodings) plus Eventdesk's. */
export function deadLetterHeaders(record: ConsumedRecord, ctx: FailureContext): ForwardHeaders {
  const origin = originOf(record);
  const attempts = previousAttempts(record) + 1;
  const firstFailure = decimalHeader(record.headers, eventdeskHeaders.firstFailureTime) ?? ctx.now;
  const encoded = encodeDeadLetterHeaders({
    originalTopic: origin.topic,
    partition: origin.partition,
    offset: origin.offset,
    timestamp: origin.timestamp,
    consumerGroup: ctx.groupId,
    exceptionClass: ctx.failure.errorName,
    causeClass: ctx.failure.causeName,
    message: ctx.failure.message,
    stacktrace: ctx.failure.stack,
    attempts,
    firstFailureAt: firstFailure,
    lastFailureAt: ctx.now,
    stage: ctx.stage,
    errorClass: ctx.failure.failureClass,
  });
  const headers: ForwardHeaders = eventHeadersOnly(record.headers);
  for (const [name, bytes] of Object.entries(encoded))
    headers[name] = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return headers;
}

/** Outcome events keep the payment's ce_id: unique together with their own ce_source, as CloudEvents requires. */
export function outcomeHeaders(
  stage: string,
  ceId: string,
  correlationId: string,
  now: number,
): ForwardHeaders {
  return {
    [ceHeaders.id]: ceId,
    [ceHeaders.type]: `com.eventdesk.${stage}.outcome.v1`,
    [ceHeaders.source]: `/eventdesk/stages/${stage}`,
    [ceHeaders.specversion]: CLOUDEVENTS_SPEC_VERSION,
    [ceHeaders.time]: new Date(now).toISOString(),
    [ceHeaders.contentType]: 'application/json',
    [ceHeaders.correlationId]: correlationId,
  };
}
