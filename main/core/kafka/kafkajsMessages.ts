// Records and headers between kafkajs's shapes and the RecordPort's: bytes stay bytes, a repeated header
// key stays repeated.
import type { IHeaders } from 'kafkajs';
import type { KafkaRecord, RecordHeader } from './recordPort';

/** A record as kafkajs's own decoder (and its consumer) hands it over. */
export interface KafkajsMessage {
  offset: string;
  timestamp: string;
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: IHeaders;
}

export function toHeaders(headers: IHeaders | undefined): RecordHeader[] {
  if (!headers) return [];
  const out: RecordHeader[] = [];
  for (const [key, raw] of Object.entries(headers)) {
    // kafkajs folds a repeated header key into an array of Buffers.
    const values = Array.isArray(raw) ? raw : [raw];
    for (const v of values) {
      if (v === undefined || v === null) out.push({ key, value: null });
      else out.push({ key, value: typeof v === 'string' ? Buffer.from(v, 'utf8') : v });
    }
  }
  return out;
}

export function toKafkajsHeaders(headers: readonly RecordHeader[] | undefined): IHeaders | undefined {
  if (!headers || headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    if (h.value === null) continue; // kafkajs cannot write a null header value
    const value = Buffer.from(h.value.buffer, h.value.byteOffset, h.value.byteLength);
    const existing = out[h.key];
    if (existing === undefined) out[h.key] = value;
    else out[h.key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export function toBuffer(v: Uint8Array | string | null): Buffer | string | null {
  if (v === null || typeof v === 'string') return v;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function toRecord(topic: string, partition: number, m: KafkajsMessage): KafkaRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: Number(m.timestamp),
    key: m.key ?? null,
    value: m.value ?? null,
    headers: toHeaders(m.headers),
  };
}
