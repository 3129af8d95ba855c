// How the console shows a record's bytes: decoded only when a decoder succeeds, otherwise hex with the
// decoder's reason. Pure TypeScript over Uint8Array so main builds it and the renderer can rely on it.

/** Values larger than this are cut in list views; `records.get` loads the whole value. */
export const DEFAULT_VALUE_LIMIT = 64 * 1024;

export interface BytesView {
  /** json: valid UTF-8 that parses as JSON (text is pretty-printed); text: valid UTF-8; binary: not UTF-8. */
  kind: 'null' | 'empty' | 'json' | 'text' | 'binary';
  /** Pretty JSON or the text; absent for binary and null. */
  text?: string;
  /** Hex of the (possibly truncated) bytes; always present for binary, also for short text. */
  hex?: string;
  /** Why the bytes are not shown as text, e.g. "invalid UTF-8 at byte 3". */
  reason?: string;
  /** Full size in bytes. */
  size: number;
  /** True when only the first `limit` bytes are shown. */
  truncated: boolean;
}

export type HeaderKind = 'null' | 'int32' | 'int64' | 'biginteger' | 'text' | 'binary';

export interface HeaderView {
  key: string;
  kind: HeaderKind;
  /** The decoded value (a decimal number for ints, the text for UTF-8); hex for binary. */
  text: string;
  hex: string;
  size: number;
}

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
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function toHex(bytes: Uint8Array, max = Number.POSITIVE_INFINITY): string {
  const n = Math.min(bytes.length, max);
  let out = '';
  for (let i = 0; i < n; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/** Strict UTF-8 decode: the text, or where and why it is not UTF-8 (never U+FFFD replacement). */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, reason: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}` };
  }
}

/** Index of the first byte that breaks UTF-8 (for the reason shown to the person). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need =
      c < 0x80
        ? 0
        : c >= 0xc2 && c <= 0xdf
          ? 1
          : c >= 0xe0 && c <= 0xef
            ? 2
            : c >= 0xf0 && c <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return Math.max(0, b.length - 1);
}

/** Bytes → view. A truncated value may end mid-character: then only the complete prefix counts as text. */
export function viewBytes(bytes: Uint8Array | null, limit = DEFAULT_VALUE_LIMIT): BytesView {
  if (bytes === null) return { kind: 'null', size: 0, truncated: false };
  if (bytes.length === 0) return { kind: 'empty', text: '', size: 0, truncated: false };
  const truncated = bytes.length > limit;
  let shown = truncated ? bytes.subarray(0, limit) : bytes;
  if (truncated) {
    // Back off over a split multi-byte sequence at the cut (at most 3 continuation bytes).
    let cut = shown.length;
    for (let k = 0; k < 3 && cut > 0 && (shown[cut - 1]! & 0xc0) === 0x80; k++) cut--;
    if (cut > 0 && shown[cut - 1]! >= 0xc0) cut--;
    shown = shown.subarray(0, cut);
  }
  const decoded = decodeUtf8(shown);
  if (!decoded.ok)
    return { kind: 'binary', hex: toHex(shown), reason: decoded.reason, size: bytes.length, truncated };
  if (!truncated) {
    const trimmed = decoded.text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return {
          kind: 'json',
          text: JSON.stringify(JSON.parse(decoded.text), null, 2),
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

/** Header names whose byte encoding is known (Spring Kafka's binary ints and longs). */
const int32Headers = new Set([
  'kafka_dlt-original-partition',
  'kafka_original-partition',
  'retry_topic-attempts',
]);
const int64Headers = new Set([
  'kafka_dlt-original-offset',
  'kafka_dlt-original-timestamp',
  'kafka_original-offset',
  'kafka_original-timestamp',
]);
const bigIntegerHeaders = new Set(['retry_topic-original-timestamp', 'retry_topic-backoff-timestamp']);

function readSigned(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  const bits = BigInt(bytes.length * 8);
  return bytes.length > 0 && bytes[0]! & 0x80 ? v - (1n << bits) : v;
}

export function viewHeader(key: string, value: Uint8Array | null): HeaderView {
  if (value === null) return { key, kind: 'null', text: '', hex: '', size: 0 };
  const hex = toHex(value, 4096);
  if (int32Headers.has(key) && value.length === 4)
    return { key, kind: 'int32', text: readSigned(value).toString(), hex, size: 4 };
  if (int64Headers.has(key) && value.length === 8)
    return { key, kind: 'int64', text: readSigned(value).toString(), hex, size: 8 };
  if (bigIntegerHeaders.has(key) && value.length > 0 && value.length <= 16) {
    return { key, kind: 'biginteger', text: readSigned(value).toString(), hex, size: value.length };
  }
  const decoded = decodeUtf8(value);
  if (decoded.ok) return { key, kind: 'text', text: decoded.text, hex, size: value.length };
  return { key, kind: 'binary', text: hex, hex, size: value.length };
}

export interface RawRecordLike {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: ReadonlyArray<{ key: string; value: Uint8Array | null }>;
}

export function viewRecord(record: RawRecordLike, valueLimit = DEFAULT_VALUE_LIMIT): RecordView {
  let size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const h of record.headers) size += h.key.length + (h.value?.length ?? 0);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: viewBytes(record.key, 4096),
    value: viewBytes(record.value, valueLimit),
    headers: record.headers.map((h) => viewHeader(h.key, h.value)),
    sizeBytes: size,
  };
}
