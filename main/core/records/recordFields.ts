// Readers of record fields that every use case shares: ids from bytes, the correlation key, ce_id, and
// the dead-letter error of a record. The bottom of core: imports the ports and shared/, no use case.
import { Buffer, isUtf8 } from 'node:buffer';
import type { CorrelationKey } from '../../../shared/pipelineMap';
import { decodeDeadLetterHeaders, type RawHeaders } from '../../../shared/dlqHeaders';
import { headerValue, type KafkaRecord, type RecordHeader } from '../kafka/recordPort';

/** Bytes as an id string: UTF-8 when valid, else `hex:` so two different byte keys never collide. */
export function bytesToId(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buf) ? buf.toString('utf8') : `hex:${buf.toString('hex')}`;
}

/** The payment id of a record per the map's correlation key, or null when the record has none. */
export function correlationIdOf(
  record: Pick<KafkaRecord, 'key' | 'value' | 'headers'>,
  key: CorrelationKey,
): string | null {
  if (key.from === 'key') return record.key === null ? null : bytesToId(record.key);
  if (key.from === 'header') {
    const v = headerValue(record.headers, key.name);
    return v ? bytesToId(v) : null;
  }
  if (record.value === null) return null;
  try {
    const parsed: unknown = JSON.parse(bytesToId(record.value));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const field = (parsed as Record<string, unknown>)[key.field];
      if (typeof field === 'string' || typeof field === 'number') return String(field);
    }
  } catch {
    // Not JSON: no correlation id, which the caller reports as such.
  }
  return null;
}

/** RecordHeader[] in the shape the dead-letter decoder reads (a repeated key becomes an array). */
export function toRawHeaders(headers: readonly RecordHeader[]): RawHeaders {
  const out: Record<string, Uint8Array | null | Uint8Array[]> = {};
  for (const h of headers) {
    const existing = out[h.key];
    if (existing === undefined || h.value === null) out[h.key] = h.value;
    else if (existing === null) out[h.key] = h.value;
    else out[h.key] = Array.isArray(existing) ? [...existing, h.value] : [existing, h.value];
  }
  return out;
}

/** The human-readable error of a DLQ or retry record, if its headers carry one. */
export function errorOf(record: Pick<KafkaRecord, 'headers'>): string | null {
  const info = decodeDeadLetterHeaders(toRawHeaders(record.headers));
  if (info.message && info.exceptionClass) return `${info.exceptionClass}: ${info.message}`;
  return info.message ?? info.exceptionClass;
}

export function ceIdOf(record: Pick<KafkaRecord, 'headers'>): string | null {
  const v = headerValue(record.headers, 'ce_id');
  return v ? bytesToId(v) : null;
}
