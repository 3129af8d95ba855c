// Dead-letter headers: written the way Spring Kafka's DeadLetterPublishingRecoverer writes them (same names,
// same byte encodings) plus Eventdesk's own; read tolerantly from the three formats found in the wild.
// Pure TypeScript over Uint8Array: used by services/ (kafkajs Buffers are Uint8Arrays) and by the console.
import {
  connectErrorHeaders,
  eventdeskHeaders,
  springDltHeaders,
  springRetryTopicHeaders,
} from './deadLetterHeaderNames';
import { normalizeErrorMessage } from './errorText';

export { FINGERPRINT_MESSAGE_CHARS, normalizeErrorMessage } from './errorText';

export type DeadLetterFormat = 'spring-dlt' | 'spring-retry-topic' | 'kafka-connect' | 'eventdesk' | 'none';

/** What kafkajs hands out (Buffer is a Uint8Array; a repeated key becomes an array) or accepts. */
export type HeaderValue = Uint8Array | string | null | undefined | ReadonlyArray<Uint8Array | string>;
export type RawHeaders = Readonly<Record<string, HeaderValue>>;

export interface DeadLetterInfo {
  format: DeadLetterFormat;
  originalTopic: string | null;
  partition: number | null;
  /** Decimal string: offsets exceed 2^53. */
  offset: string | null;
  /** Epoch ms of the original record. */
  timestamp: number | null;
  timestampType: string | null;
  consumerGroup: string | null;
  exceptionClass: string | null;
  causeClass: string | null;
  message: string | null;
  stacktrace: string | null;
  attempts: number | null;
  /** Epoch ms of the first failure, when the writer recorded it. */
  firstFailureAt: number | null;
  lastFailureAt: number | null;
  /** The writer's fingerprint, or one computed here from class + message. */
  fingerprint: string | null;
  stage: string | null;
  errorClass: string | null;
  /** Kafka Connect only. */
  connect: {
    connectorName: string | null;
    taskId: string | null;
    stage: string | null;
    className: string | null;
  } | null;
  /** Every header that was missing or could not be decoded, in words; the record still decodes. */
  problems: string[];
}

// ---- encoding --------------------------------------------------------------------------------

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function encodeInt32BE(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value, false);
  return bytes;
}

export function encodeInt64BE(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, value, false);
  return bytes;
}

/** Java's BigInteger.toByteArray(): minimal big-endian two's complement (Spring's retry timestamps). */
export function encodeJavaBigInteger(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, rest));
    bytes.unshift(byte);
    rest >>= 8n;
    const signBitSet = (byte & 0x80) !== 0;
    if ((rest === 0n && !signBitSet) || (rest === -1n && signBitSet)) break;
  }
  return Uint8Array.from(bytes);
}

export interface DeadLetterContext {
  originalTopic: string;
  partition: number;
  offset: string | bigint;
  /** Epoch ms of the original record. */
  timestamp: number | bigint | string;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  consumerGroup: string;
  exceptionClass: string;
  causeClass?: string;
  message: string | null;
  stacktrace: string;
  attempts: number;
  firstFailureAt: number;
  lastFailureAt?: number;
  stage: string;
  errorClass: 'transient' | 'permanent' | 'poison';
}

/** Kafka brokers accept large headers, but a runaway stack trace should not dominate the record. */
const MAX_STACKTRACE_CHARS = 16_000;

/** The headers to add to a dead letter (the record's own headers, e.g. ce_*, stay as they are). */
export function encodeDeadLetterHeaders(ctx: DeadLetterContext): Record<string, Uint8Array> {
  const headers: Record<string, Uint8Array> = {
    [springDltHeaders.originalTopic]: utf8.encode(ctx.originalTopic),
    [springDltHeaders.originalPartition]: encodeInt32BE(ctx.partition),
    [springDltHeaders.originalOffset]: encodeInt64BE(BigInt(ctx.offset)),
    [springDltHeaders.originalTimestamp]: encodeInt64BE(BigInt(ctx.timestamp)),
    [springDltHeaders.originalTimestampType]: utf8.encode(ctx.timestampType ?? 'CreateTime'),
    [springDltHeaders.originalConsumerGroup]: utf8.encode(ctx.consumerGroup),
    [springDltHeaders.exceptionFqcn]: utf8.encode(ctx.exceptionClass),
    [springDltHeaders.exceptionStacktrace]: utf8.encode(ctx.stacktrace.slice(0, MAX_STACKTRACE_CHARS)),
    [eventdeskHeaders.attempts]: utf8.encode(String(ctx.attempts)),
    [eventdeskHeaders.firstFailureTime]: utf8.encode(String(ctx.firstFailureAt)),
    [eventdeskHeaders.lastFailureTime]: utf8.encode(String(ctx.lastFailureAt ?? ctx.firstFailureAt)),
    [eventdeskHeaders.errorFingerprint]: utf8.encode(errorFingerprint(ctx.exceptionClass, ctx.message ?? '')),
    [eventdeskHeaders.stage]: utf8.encode(ctx.stage),
    [eventdeskHeaders.errorClass]: utf8.encode(ctx.errorClass),
  };
  // Spring omits the message header when the exception message is null; so do we.
  if (ctx.message !== null) headers[springDltHeaders.exceptionMessage] = utf8.encode(ctx.message);
  if (ctx.causeClass) headers[springDltHeaders.exceptionCauseFqcn] = utf8.encode(ctx.causeClass);
  return headers;
}

// ---- fingerprints --------------------------------------------------------------------------------

/**
 * FNV-1a 64-bit: stable, dependency-free, good enough to group (not to secure). Computed in four 16-bit
 * limbs (the prime is 2^40 + 0x1b3), which gives BigInt's result some 20 times faster.
 */
export function fnv1a64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of utf8.encode(text)) {
    h0 ^= byte;
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

/** `fp_<16 hex>` over the exception class and the normalised message (its first FINGERPRINT_MESSAGE_CHARS characters). */
export function errorFingerprint(exceptionClass: string, message: string): string {
  return `fp_${fnv1a64(`${exceptionClass}\n${normalizeErrorMessage(message)}`)}`;
}

// ---- decoding --------------------------------------------------------------------------------

function hexPreview(bytes: Uint8Array): string {
  const shown = Array.from(bytes.slice(0, 32), (b) => b.toString(16).padStart(2, '0')).join('');
  return bytes.length > 32 ? `${shown}… (${bytes.length} bytes)` : shown;
}

function lastValue(value: HeaderValue): Uint8Array | string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  // A repeated header: like Spring's lastHeader(), the newest value wins.
  return value.length > 0 ? value[value.length - 1] : undefined;
}

class HeaderReader {
  readonly problems: string[] = [];
  constructor(private readonly headers: RawHeaders) {}

  has(name: string): boolean {
    return lastValue(this.headers[name]) !== undefined;
  }

  bytes(name: string): Uint8Array | undefined {
    const value = lastValue(this.headers[name]);
    return typeof value === 'string' ? utf8.encode(value) : value;
  }

  text(name: string): string | null {
    const value = lastValue(this.headers[name]);
    if (value === undefined) return null;
    if (typeof value === 'string') return value;
    try {
      return strictUtf8.decode(value);
    } catch {
      this.problems.push(`${name}: not valid UTF-8 (hex ${hexPreview(value)})`);
      return null;
    }
  }

  /** Decimal text, e.g. Kafka Connect's partition/offset or Eventdesk's attempts. */
  decimal(name: string): bigint | null {
    const text = this.text(name);
    if (text === null) return null;
    if (!/^-?\d+$/.test(text.trim())) {
      this.problems.push(`${name}: expected a decimal number, got "${text.slice(0, 40)}"`);
      return null;
    }
    return BigInt(text.trim());
  }

  /**
   * A Spring binary number of `width` bytes (4: int, 8: long). Other lengths are read leniently (the other
   * fixed width, then decimal text) and reported, because the console must still show the record.
   */
  binaryNumber(name: string, width: 4 | 8): bigint | null {
    const bytes = this.bytes(name);
    if (!bytes) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length === width)
      return width === 4 ? BigInt(view.getInt32(0, false)) : view.getBigInt64(0, false);
    const expected = width === 4 ? '4-byte big-endian int' : '8-byte big-endian long';
    if (bytes.length === 4 || bytes.length === 8) {
      this.problems.push(
        `${name}: expected a ${expected}, got ${bytes.length} bytes; read as a ${bytes.length}-byte number`,
      );
      return bytes.length === 4 ? BigInt(view.getInt32(0, false)) : view.getBigInt64(0, false);
    }
    let text: string | null;
    try {
      text = strictUtf8.decode(bytes).trim();
    } catch {
      text = null;
    }
    if (text !== null && /^-?\d+$/.test(text)) {
      this.problems.push(`${name}: expected a ${expected}, got decimal text "${text}"`);
      return BigInt(text);
    }
    this.problems.push(
      `${name}: expected a ${expected}, got ${bytes.length} bytes (hex ${hexPreview(bytes)})`,
    );
    return null;
  }

  /** Java BigInteger.toByteArray(): 1 to 8 bytes, big-endian two's complement. */
  javaBigInteger(name: string): bigint | null {
    const bytes = this.bytes(name);
    if (!bytes) return null;
    if (bytes.length === 0 || bytes.length > 8) {
      this.problems.push(
        `${name}: expected a 1-8 byte BigInteger, got ${bytes.length} bytes (hex ${hexPreview(bytes)})`,
      );
      return null;
    }
    let value = 0n;
    for (const byte of bytes) value = (value << 8n) | BigInt(byte);
    return BigInt.asIntN(bytes.length * 8, value);
  }

  /** Spring's retry_topic-attempts: 4-byte int, or the legacy single byte. */
  attempts(name: string): number | null {
    const bytes = this.bytes(name);
    if (bytes && bytes.length === 1) return bytes[0] ?? null;
    const value = this.binaryNumber(name, 4);
    return value === null ? null : Number(value);
  }
}

function toPartition(value: bigint | null, name: string, problems: string[]): number | null {
  if (value === null) return null;
  if (value < 0n || value > 2_147_483_647n) {
    problems.push(`${name}: partition ${value} is out of range`);
    return null;
  }
  return Number(value);
}

function toEpochMs(value: bigint | null, name: string, problems: string[]): number | null {
  if (value === null) return null;
  // Timestamps beyond ±2^53 ms are garbage, not dates (and -1 means "no timestamp" in Kafka).
  if (value < -1n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    problems.push(`${name}: timestamp ${value} is not a plausible epoch-ms value`);
    return null;
  }
  return value === -1n ? null : Number(value);
}

function toOffset(value: bigint | null, name: string, problems: string[]): string | null {
  if (value === null) return null;
  if (value < 0n) {
    problems.push(`${name}: negative offset ${value}`);
    return null;
  }
  return value.toString();
}

function detectFormat(headers: RawHeaders): DeadLetterFormat {
  const names = Object.keys(headers);
  if (names.some((n) => n.startsWith('kafka_dlt-'))) return 'spring-dlt';
  if (
    names.some(
      (n) =>
        n.startsWith('kafka_original-') || n.startsWith('kafka_exception-') || n.startsWith('retry_topic-'),
    )
  ) {
    return 'spring-retry-topic';
  }
  if (names.some((n) => n.startsWith('__connect.errors.'))) return 'kafka-connect';
  if (names.some((n) => n.startsWith('eventdesk_'))) return 'eventdesk';
  return 'none';
}

function decodeSpring(
  reader: HeaderReader,
  names: typeof springDltHeaders | typeof springRetryTopicHeaders,
  info: DeadLetterInfo,
): void {
  const p = info.problems;
  info.originalTopic = reader.text(names.originalTopic);
  info.partition = toPartition(reader.binaryNumber(names.originalPartition, 4), names.originalPartition, p);
  info.offset = toOffset(reader.binaryNumber(names.originalOffset, 8), names.originalOffset, p);
  info.timestamp = toEpochMs(reader.binaryNumber(names.originalTimestamp, 8), names.originalTimestamp, p);
  info.timestampType = reader.text(names.originalTimestampType);
  info.consumerGroup = reader.text(names.originalConsumerGroup);
  info.exceptionClass = reader.text(names.exceptionFqcn);
  info.causeClass = reader.text(names.exceptionCauseFqcn);
  info.message = reader.text(names.exceptionMessage);
  info.stacktrace = reader.text(names.exceptionStacktrace);
}

function decodeConnect(reader: HeaderReader, info: DeadLetterInfo): void {
  const h = connectErrorHeaders;
  const p = info.problems;
  info.originalTopic = reader.text(h.topic);
  info.partition = toPartition(reader.decimal(h.partition), h.partition, p);
  info.offset = toOffset(reader.decimal(h.offset), h.offset, p);
  info.exceptionClass = reader.text(h.exceptionClass);
  info.message = reader.text(h.exceptionMessage);
  info.stacktrace = reader.text(h.exceptionStacktrace);
  info.connect = {
    connectorName: reader.text(h.connectorName),
    taskId: reader.text(h.taskId),
    stage: reader.text(h.stage),
    className: reader.text(h.className),
  };
  // Kafka Connect names the connector, not a group; sink connectors consume as `connect-<name>`.
  if (info.connect.connectorName) info.consumerGroup = `connect-${info.connect.connectorName}`;
}

/** Decodes whatever dead-letter context a record carries. Never throws; `problems` says what was wrong. */
export function decodeDeadLetterHeaders(headers: RawHeaders): DeadLetterInfo {
  const reader = new HeaderReader(headers);
  const format = detectFormat(headers);
  const info: DeadLetterInfo = {
    format,
    originalTopic: null,
    partition: null,
    offset: null,
    timestamp: null,
    timestampType: null,
    consumerGroup: null,
    exceptionClass: null,
    causeClass: null,
    message: null,
    stacktrace: null,
    attempts: null,
    firstFailureAt: null,
    lastFailureAt: null,
    fingerprint: null,
    stage: null,
    errorClass: null,
    connect: null,
    problems: reader.problems,
  };

  if (format === 'spring-dlt') decodeSpring(reader, springDltHeaders, info);
  else if (format === 'spring-retry-topic') decodeSpring(reader, springRetryTopicHeaders, info);
  else if (format === 'kafka-connect') decodeConnect(reader, info);

  if (format === 'spring-retry-topic' || reader.has(springRetryTopicHeaders.attempts)) {
    info.attempts = reader.attempts(springRetryTopicHeaders.attempts);
  }

  // Eventdesk's own headers refine whatever format carried the basics.
  const e = eventdeskHeaders;
  const attempts = reader.decimal(e.attempts);
  if (attempts !== null) info.attempts = Number(attempts);
  info.firstFailureAt = toEpochMs(reader.decimal(e.firstFailureTime), e.firstFailureTime, info.problems);
  info.lastFailureAt = toEpochMs(reader.decimal(e.lastFailureTime), e.lastFailureTime, info.problems);
  info.stage = reader.text(e.stage);
  info.errorClass = reader.text(e.errorClass);
  info.fingerprint = reader.text(e.errorFingerprint);
  if (format === 'eventdesk') {
    // A retry-tier record (not yet dead) carries its origin in eventdesk_* headers only.
    info.originalTopic = reader.text(e.originTopic);
    info.partition = toPartition(reader.decimal(e.originPartition), e.originPartition, info.problems);
    info.offset = toOffset(reader.decimal(e.originOffset), e.originOffset, info.problems);
    info.timestamp = toEpochMs(reader.decimal(e.originTimestamp), e.originTimestamp, info.problems);
    info.message = reader.text(e.lastError);
  }

  if (info.fingerprint === null && (info.exceptionClass !== null || info.message !== null)) {
    info.fingerprint = errorFingerprint(info.exceptionClass ?? '', info.message ?? '');
  }

  if (format === 'none') {
    info.problems.push(
      'no dead-letter headers (none of kafka_dlt-*, kafka_original-*, __connect.errors.*, eventdesk_*)',
    );
  } else {
    const required: Record<Exclude<DeadLetterFormat, 'none'>, string[]> = {
      'spring-dlt': [
        springDltHeaders.originalTopic,
        springDltHeaders.originalPartition,
        springDltHeaders.originalOffset,
        springDltHeaders.exceptionFqcn,
      ],
      'spring-retry-topic': [
        springRetryTopicHeaders.originalTopic,
        springRetryTopicHeaders.originalPartition,
        springRetryTopicHeaders.originalOffset,
        springRetryTopicHeaders.exceptionFqcn,
      ],
      'kafka-connect': [
        connectErrorHeaders.topic,
        connectErrorHeaders.partition,
        connectErrorHeaders.offset,
        connectErrorHeaders.exceptionClass,
      ],
      eventdesk: [
        eventdeskHeaders.originTopic,
        eventdeskHeaders.originPartition,
        eventdeskHeaders.originOffset,
      ],
    };
    for (const name of required[format]) if (!reader.has(name)) info.problems.push(`${name}: missing`);
  }
  return info;
}
