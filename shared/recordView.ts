// How the console shows a record's bytes: as text only when they are printable UTF-8 (or a known header
// encoding decodes them), otherwise hex with the reason. Pure TypeScript over Uint8Array so main builds it
// and the renderer can rely on it.
import { springDltHeaders, springRetryTopicHeaders } from './deadLetterHeaderNames';

/** Values larger than this are cut in list views; `records.get` loads the whole value. */
export const DEFAULT_VALUE_LIMIT = 64 * 1024;

export interface BytesView {
  /**
   * json: printable UTF-8 that parses as JSON (pretty-printed); text: printable UTF-8; binary: anything
   * else (see `unprintableReason`). null is a tombstone for a value and "no key" for a key.
   */
  kind: 'null' | 'empty' | 'json' | 'text' | 'binary';
  /** Pretty JSON or the text; absent for binary and null. */
  text?: string;
  /** Hex of the (possibly truncated) bytes; always present for binary, also for short text. */
  hex?: string;
  /** Why the bytes are not shown as text, e.g. "invalid UTF-8 at byte 3" or "control bytes at 0–4". */
  reason?: string;
  /** Full size in bytes. */
  size: number;
  /** True when only the first `limit` bytes are shown. */
  truncated: boolean;
  /** True when personal data in it was masked (shared/maskingRecord.ts); the hex then shows the masked form. */
  masked?: boolean;
  /**
   * Set when the bytes are in the Confluent wire format: the schema that decoded them (kind json, `text` the
   * decoded value, `hex` the raw bytes), or only its id when decoding failed (kind binary, `reason` says why).
   */
  schema?: SchemaInfo;
}

export type SchemaFormat = 'avro' | 'protobuf' | 'json-schema';

export interface SchemaInfo {
  id: number;
  format?: SchemaFormat;
  subject?: string;
  version?: number;
  /** The Avro record name or the JSON Schema title. */
  title?: string;
  /** Protobuf: the message type the value's message indexes name. */
  messageType?: string;
}

/** A key or value the schema registry decoded (as compact JSON text), or why it could not. */
export type DecodedBytes =
  { ok: true; json: string; schema: SchemaInfo } | { ok: false; schema: SchemaInfo; reason: string };

export type HeaderKind = 'null' | 'int32' | 'int64' | 'biginteger' | 'text' | 'binary';

export interface HeaderView {
  key: string;
  kind: HeaderKind;
  /** The decoded value (a decimal number for ints, the printable text); hex for binary. */
  text: string;
  hex: string;
  /** Binary only: why the bytes are not shown as text, as for a value. */
  reason?: string;
  /** Ints only: the format whose encoding this header name has, e.g. "Spring dead-letter". */
  format?: string;
  size: number;
  /** True when personal data in it was masked. */
  masked?: boolean;
}

const springDltFormat = 'Spring dead-letter';
const springRetryFormat = 'Spring retry-topic';

export interface RecordView {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: BytesView;
  value: BytesView;
  headers: HeaderView[];
  /** Key + value + header bytes: what the record costs on the wire, roughly. */
  sizeBytes: number;
  /** How many values of key, value and headers were masked as personal data; absent: not masked (a reveal). */
  maskedValues?: number;
  /** Written in a transaction that was aborted: no read_committed consumer sees it. */
  aborted?: true;
}

// ignoreBOM keeps a leading U+FEFF in the text instead of silently dropping three bytes of the value.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function toHex(bytes: Uint8Array, max = Number.POSITIVE_INFINITY): string {
  const n = Math.min(bytes.length, max);
  let out = '';
  for (let i = 0; i < n; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/**
 * Length of the well-formed UTF-8 sequence starting at `i`, or 0 if none does. Follows the table in the
 * Unicode standard (and the WHATWG decoder): no overlong forms, no surrogates, nothing above U+10FFFF.
 */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c === 0xe0) [need, lo] = [2, 0xa0];
  else if (c === 0xed) [need, hi] = [2, 0x9f];
  else if (c >= 0xe1 && c <= 0xef) need = 2;
  else if (c === 0xf0) [need, lo] = [3, 0x90];
  else if (c === 0xf4) [need, hi] = [3, 0x8f];
  else if (c >= 0xf1 && c <= 0xf3) need = 3;
  else return 0;
  if (i + need >= b.length) return 0;
  const second = b[i + 1]!;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return need + 1;
}

/**
 * Why these bytes cannot be shown as text, or null when they can: one pass, no allocation per byte.
 *
 * Printable means well-formed UTF-8 with no control characters except tab, line feed and carriage return:
 * C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F) are not text a person can read,
 * and shown as text they become boxes or vanish. U+FFFD is refused too: in the bytes it means some earlier
 * decoder already lost data, and shown here it would look like this console mangled the value. Everything
 * else (format characters such as U+200D in emoji or a leading BOM, private use, unassigned code points)
 * is text. Surrogates cannot appear: UTF-8 has no encoding for them, so they are invalid UTF-8.
 *
 * The reason names the first unreadable run by byte offset and, when it comes before, the first byte where
 * UTF-8 breaks; after a break the rest is not characters, so nothing more is said about it.
 */
export function unprintableReason(b: Uint8Array): string | null {
  let problem: string | null = null;
  let runFrom = -1;
  let runTo = -1;
  let runChars = 0;
  let runC1: number | null = null;
  const runReason = (): string => {
    const where = runFrom === runTo ? `at ${runFrom}` : `at ${runFrom}–${runTo}`;
    if (runC1 === null) return runChars === 1 ? `control byte ${where}` : `control bytes ${where}`;
    if (runChars > 1) return `control characters at bytes ${runFrom}–${runTo}`;
    return `control character U+${runC1.toString(16).toUpperCase().padStart(4, '0')} at bytes ${runFrom}–${runTo}`;
  };
  let i = 0;
  while (i < b.length) {
    const len = utf8SequenceLength(b, i);
    if (len === 0) {
      if (runFrom >= 0) problem = runReason();
      const invalid = `invalid UTF-8 at byte ${i}`;
      return problem === null ? invalid : `${problem}; ${invalid}`;
    }
    if (problem === null) {
      const c = b[i]!;
      const c1 = len === 2 && c === 0xc2 && b[i + 1]! <= 0x9f ? b[i + 1]! : null;
      const control =
        (len === 1 && ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f)) || c1 !== null;
      if (control) {
        if (runFrom < 0) [runFrom, runChars, runC1] = [i, 0, null];
        runTo = i + len - 1;
        runChars++;
        if (c1 !== null && runC1 === null) runC1 = c1;
      } else {
        if (runFrom >= 0) [problem, runFrom] = [runReason(), -1];
        else if (len === 3 && c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd)
          problem = `replacement character U+FFFD at bytes ${i}–${i + 2}`;
      }
    }
    i += len;
  }
  if (runFrom >= 0) problem = runReason();
  return problem;
}

/** Strict UTF-8 decode: the text, or where and why it is not UTF-8 (never U+FFFD replacement). */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  for (let i = 0; i < bytes.length;) {
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) return { ok: false, reason: `invalid UTF-8 at byte ${i}` };
    i += len;
  }
  return { ok: true, text: strictUtf8.decode(bytes) };
}

/** The text when the bytes are printable UTF-8 (see `unprintableReason`), otherwise why not. */
export function decodePrintable(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; reason: string } {
  const reason = unprintableReason(bytes);
  return reason === null ? { ok: true, text: strictUtf8.decode(bytes) } : { ok: false, reason };
}

/** Wire-format bytes → view: the decoded value as pretty JSON (cut at `limit` characters), the raw bytes as hex. */
function viewDecoded(bytes: Uint8Array, limit: number, decoded: DecodedBytes): BytesView {
  const shown = bytes.length > limit ? bytes.subarray(0, limit) : bytes;
  if (!decoded.ok)
    return {
      kind: 'binary',
      hex: toHex(shown),
      reason: decoded.reason,
      size: bytes.length,
      truncated: shown !== bytes,
      schema: decoded.schema,
    };
  const pretty = JSON.stringify(JSON.parse(decoded.json), null, 2);
  const truncated = pretty.length > limit || shown !== bytes;
  return {
    kind: 'json',
    text: pretty.length > limit ? pretty.slice(0, limit) : pretty,
    hex: toHex(shown),
    size: bytes.length,
    truncated,
    schema: decoded.schema,
  };
}

/**
 * Bytes → view. A truncated value may end mid-character: then only the complete prefix counts as text.
 * `registry` is what the schema registry made of bytes in the Confluent wire format.
 */
export function viewBytes(
  bytes: Uint8Array | null,
  limit = DEFAULT_VALUE_LIMIT,
  registry?: DecodedBytes,
): BytesView {
  if (bytes === null) return { kind: 'null', size: 0, truncated: false };
  if (registry && bytes.length > 0) return viewDecoded(bytes, limit, registry);
  if (bytes.length === 0) return { kind: 'empty', text: '', size: 0, truncated: false };
  const truncated = bytes.length > limit;
  const shown = truncated ? bytes.subarray(0, cutBeforeSplitCharacter(bytes, limit)) : bytes;
  // Only the shown bytes are scanned, so a reason never speaks of bytes the person cannot see.
  const decoded = decodePrintable(shown);
  if (!decoded.ok)
    return { kind: 'binary', hex: toHex(shown), reason: decoded.reason, size: bytes.length, truncated };
  if (!truncated) {
    const trimmed = decoded.text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return {
          kind: 'json',
          text: JSON.stringify(JSON.parse(trimmed), null, 2),
          size: bytes.length,
          truncated,
        };
      } catch {
        // Looks like JSON but is not: shown as text, which is what it is.
      }
    }
  }
  return {
    kind: 'text',
    text: decoded.text,
    ...(bytes.length <= 256 ? { hex: toHex(bytes) } : {}),
    size: bytes.length,
    truncated,
  };
}

/** `limit`, or less when a multi-byte character starts before it and ends after it. */
function cutBeforeSplitCharacter(bytes: Uint8Array, limit: number): number {
  let start = limit;
  while (start > 0 && limit - start < 3 && (bytes[start - 1]! & 0xc0) === 0x80) start--;
  if (start === 0) return limit;
  const lead = bytes[start - 1]!;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start - 1 + length > limit ? start - 1 : limit;
}

/** Headers whose byte encoding is known by name: Spring Kafka writes these ints big-endian, not as text. */
const knownIntHeaders = new Map<string, { kind: 'int32' | 'int64' | 'biginteger'; format: string }>([
  [springDltHeaders.originalPartition, { kind: 'int32', format: springDltFormat }],
  [springDltHeaders.originalOffset, { kind: 'int64', format: springDltFormat }],
  [springDltHeaders.originalTimestamp, { kind: 'int64', format: springDltFormat }],
  [springRetryTopicHeaders.originalPartition, { kind: 'int32', format: springRetryFormat }],
  [springRetryTopicHeaders.originalOffset, { kind: 'int64', format: springRetryFormat }],
  [springRetryTopicHeaders.originalTimestamp, { kind: 'int64', format: springRetryFormat }],
  [springRetryTopicHeaders.attempts, { kind: 'int32', format: springRetryFormat }],
  [springRetryTopicHeaders.originalRetryTimestamp, { kind: 'biginteger', format: springRetryFormat }],
  [springRetryTopicHeaders.backoffTimestamp, { kind: 'biginteger', format: springRetryFormat }],
]);

const intWidth = { int32: 4, int64: 8 } as const;

function readSigned(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const bits = BigInt(bytes.length * 8);
  return bytes.length > 0 && bytes[0]! & 0x80 ? v - (1n << bits) : v;
}

export function viewHeader(key: string, value: Uint8Array | null): HeaderView {
  if (value === null) return { key, kind: 'null', text: '', hex: '', size: 0 };
  const hex = toHex(value, 4096);
  const known = knownIntHeaders.get(key);
  if (known) {
    // A wrong width is not that format's int (a legacy or foreign writer): it falls through to text or hex.
    const fits =
      known.kind === 'biginteger'
        ? value.length > 0 && value.length <= 16
        : value.length === intWidth[known.kind];
    if (fits)
      return {
        key,
        kind: known.kind,
        text: readSigned(value).toString(),
        hex,
        size: value.length,
        format: known.format,
      };
  }
  const decoded = decodePrintable(value);
  if (decoded.ok) return { key, kind: 'text', text: decoded.text, hex, size: value.length };
  return { key, kind: 'binary', text: hex, hex, reason: decoded.reason, size: value.length };
}

export interface RawRecordLike {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: ReadonlyArray<{ key: string; value: Uint8Array | null }>;
  aborted?: true;
}

export function viewRecord(
  record: RawRecordLike,
  valueLimit = DEFAULT_VALUE_LIMIT,
  decoded: { key?: DecodedBytes; value?: DecodedBytes } = {},
): RecordView {
  let size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const h of record.headers) size += h.key.length + (h.value?.length ?? 0);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: viewBytes(record.key, 4096, decoded.key),
    value: viewBytes(record.value, valueLimit, decoded.value),
    headers: record.headers.map((h) => viewHeader(h.key, h.value)),
    sizeBytes: size,
    ...(record.aborted ? { aborted: true as const } : {}),
  };
}
