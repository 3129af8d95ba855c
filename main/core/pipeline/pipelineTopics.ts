// The topics of a pipeline map, each tagged with its role, and helpers shared by the stuck-payment
// computation and the payment lookup.
import { Buffer, isUtf8 } from 'node:buffer';
import type { CorrelationKey, PipelineMap } from '../../../shared/pipelineMap';
import type { TimelineKind } from '../../../shared/payments';
import { decodeDeadLetterHeaders, type RawHeaders } from '../../../shared/dlqHeaders';
import { headerValue, type KafkaRecord, type RecordHeader, type RecordPort } from '../kafka/recordPort';

export interface RoleTopic {
  topic: string;
  kind: TimelineKind;
  /** Index into map.stages; -1 for the source topic. */
  stage: number;
  /** 1-based retry tier for retry topics. */
  tier?: number;
}

/** Every stage topic (not the source): retry tiers, DLQ, redelivery and outcome. */
export function stageTopics(map: PipelineMap): RoleTopic[] {
  const out: RoleTopic[] = [];
  map.stages.forEach((s, stage) => {
    s.retryTopics.forEach((topic, i) => out.push({ topic, kind: 'retry', stage, tier: i + 1 }));
    out.push({ topic: s.dlqTopic, kind: 'dlq', stage });
    out.push({ topic: s.redeliveryTopic, kind: 'redelivery', stage });
    if (s.outcomeTopic) out.push({ topic: s.outcomeTopic, kind: 'outcome', stage });
  });
  return out;
}

/** Bytes as an id string: UTF-8 when valid, else `hex:` so two different byte keys never collide. */
export function bytesToId(bytes: Uint8Array): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buf) ? buf.toString('utf8') : `hex:${buf.toString('hex')}`;
}

/** The payment id of a record per the map's correlation key, or null when the record has none. */
export function correlationIdOf(record: Pick<KafkaRecord, 'key' | 'value' | 'headers'>, key: CorrelationKey): string | null {
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

/** Committed offsets of a group on a topic as partition → next offset (bigint); missing = never committed. */
export async function committedMap(records: RecordPort, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const out = new Map<number, bigint>();
  for (const c of await records.committedOffsets(groupId, topic)) if (c.offset !== null) out.set(c.partition, BigInt(c.offset));
  return out;
}
