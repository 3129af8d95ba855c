// Browse's per-batch work, as a job for an engine worker: schema decoding, the filter, and the views of the
// matches to keep. The main loop only fetches and routes: it packs a fetched batch into one compact buffer
// (a record's bytes are views into kafkajs's fetch buffers, which a plain structured clone would copy whole),
// and gets back the batch's matches. The same function runs in-line when there is no worker (tests, ports).
import { DEFAULT_VALUE_LIMIT, viewRecord, type RecordView } from '../../../shared/recordView';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import type { KafkaRecord } from '../kafka/recordPort';
import { withDecodedBytes, type DecodedRecord, type RecordDecoder } from '../schemas/recordDecoder';
import { registryDecoder } from '../schemas/registryDecoders';
import { BROWSE_BATCH_JOB } from '../workers/workerProtocol';
import type { WorkerPool } from '../workers/workerPool';
import { compileRecordFilter, type RecordFilterSpec, type RecordPredicate } from './recordFilter';

type Span = [start: number, length: number] | null;

export interface PackedRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  aborted?: true;
  key: Span;
  value: Span;
  headers: Array<[key: string, value: Span]>;
}

export interface BrowseBatchInput {
  bytes: Uint8Array;
  records: PackedRecord[];
  filter: RecordFilterSpec;
  /** How many matches the scan still keeps (their views are built; the rest are only counted). */
  keep: number;
  schemaRegistry: SchemaRegistrySettings | null;
}

export interface BrowseBatchOutput {
  matched: number;
  /** Views of the first `keep` matches, in batch order. */
  views: RecordView[];
}

/** Decodes and filters one batch of a scan, wherever that runs. */
export type BatchFilter = (
  batch: KafkaRecord[],
  scan: { predicate: RecordPredicate; spec: RecordFilterSpec; keep: number; signal?: AbortSignal },
) => Promise<BrowseBatchOutput>;

/** The batch filter of an engine worker pool, with the registry in use when the batch is sent. */
export function workerBatchFilter(
  pool: WorkerPool,
  registry: () => Promise<SchemaRegistrySettings | null>,
): BatchFilter {
  return async (batch, { spec, keep, signal }) => {
    const input: BrowseBatchInput = {
      ...packBatch(batch),
      filter: spec,
      keep,
      schemaRegistry: await registry(),
    };
    return pool.run<BrowseBatchOutput>(BROWSE_BATCH_JOB, input, { signal });
  };
}

/** The records' keys, values and header values copied into one buffer, each record naming its spans. */
export function packBatch(batch: readonly KafkaRecord[]): { bytes: Uint8Array; records: PackedRecord[] } {
  let size = 0;
  for (const r of batch) {
    size += (r.key?.byteLength ?? 0) + (r.value?.byteLength ?? 0);
    for (const h of r.headers) size += h.value?.byteLength ?? 0;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  const put = (b: Uint8Array | null): Span => {
    if (b === null) return null;
    bytes.set(b, at);
    at += b.byteLength;
    return [at - b.byteLength, b.byteLength];
  };
  const records = batch.map((r): PackedRecord => ({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    ...(r.aborted ? { aborted: true as const } : {}),
    key: put(r.key),
    value: put(r.value),
    headers: r.headers.map((h) => [h.key, put(h.value)]),
  }));
  return { bytes, records };
}

export function unpackBatch(bytes: Uint8Array, records: readonly PackedRecord[]): KafkaRecord[] {
  const get = (span: Span) => (span === null ? null : bytes.subarray(span[0], span[0] + span[1]));
  return records.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    ...(r.aborted ? { aborted: true as const } : {}),
    key: get(r.key),
    value: get(r.value),
    headers: r.headers.map(([key, value]) => ({ key, value: get(value) })),
  }));
}

const filtersContent = (f: RecordFilterSpec) => Boolean(f.key || f.value || f.jsonPath);

/**
 * Filters one batch: content filters (key, value, JSON path) see decoded values, so then every record is
 * decoded; otherwise only the matches that are kept are.
 */
export async function filterBatch(
  batch: KafkaRecord[],
  predicate: RecordPredicate,
  spec: RecordFilterSpec,
  keep: number,
  decoder: RecordDecoder,
): Promise<BrowseBatchOutput> {
  const content = filtersContent(spec);
  const decoded: (DecodedRecord | undefined)[] = content ? await decoder.decodeBatch(batch) : [];
  const matches: number[] = [];
  for (let i = 0; i < batch.length; i++)
    if (predicate(content ? withDecodedBytes(batch[i]!, decoded[i]!) : batch[i]!)) matches.push(i);
  const kept = matches.slice(0, Math.max(0, keep));
  if (!content && kept.length > 0) {
    const found = await decoder.decodeBatch(kept.map((i) => batch[i]!));
    kept.forEach((i, n) => (decoded[i] = found[n]));
  }
  return {
    matched: matches.length,
    views: kept.map((i) => viewRecord(batch[i]!, DEFAULT_VALUE_LIMIT, decoded[i] ?? {})),
  };
}

// The worker compiles a scan's filter once: the same spec comes with every batch of the scan.
const compiled = new Map<string, RecordPredicate>();

/** The engine worker's job: one packed batch in, its matches out. */
export async function browseBatchJob(input: BrowseBatchInput): Promise<BrowseBatchOutput> {
  const key = JSON.stringify(input.filter);
  let predicate = compiled.get(key);
  if (!predicate) {
    predicate = compileRecordFilter(input.filter);
    compiled.set(key, predicate);
    if (compiled.size > 16) compiled.delete(compiled.keys().next().value!);
  }
  return filterBatch(
    unpackBatch(input.bytes, input.records),
    predicate,
    input.filter,
    input.keep,
    registryDecoder(input.schemaRegistry),
  );
}
