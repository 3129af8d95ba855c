// Offset arithmetic and bounded reads for the evidence-based stuck view: window ranges from
// offsets-for-times, partition maps, and reading scattered single offsets as few merged spans.
import type { CorrelationKey } from '../../../shared/pipelineMap';
import { refused } from '../appFailure';
import type { KafkaRecord, RecordPort, RecordProjection, TopicRanges } from '../kafka/recordPort';

/** Partition → offset. */
export type Offsets = Map<number, bigint>;

/** Offsets further apart than this are read as separate spans rather than one span over the gap. */
const SPAN_GAP = 16n;
/** Span reads in flight at once. */
const PARALLEL_ROUNDS = 16;

/** Only what the classification reads: the correlation id's source, plus the given headers. */
export function projectionFor(key: CorrelationKey, headers: 'all' | string[]): RecordProjection {
  return {
    values: key.from === 'json',
    headers: headers === 'all' ? 'all' : key.from === 'header' ? [...headers, key.name] : headers,
  };
}

export async function highWatermarks(records: RecordPort, topic: string): Promise<Offsets> {
  return new Map((await records.watermarks(topic)).map((m) => [m.partition, BigInt(m.high)]));
}

/** A topic without watermarks does not exist. */
export async function topicExists(records: RecordPort, topic: string): Promise<boolean> {
  return (await records.watermarks(topic)).length > 0;
}

/** Per partition, the first offset with a timestamp >= the time (the high watermark when none). */
export async function offsetsAt(records: RecordPort, topic: string, ms: number): Promise<Offsets> {
  // A topic of the map that does not exist (yet) has nothing to read, as in the full read.
  return offsetsAtIn(records, topic, ms, await topicExists(records, topic));
}

/**
 * offsetsAt for a topic whose existence was learnt already (its watermarks read, none when it does not
 * exist), so the lookup can go in the same round as others. A missing topic is not asked: the broker's
 * answer to that is retried for seconds.
 */
export async function offsetsAtIn(
  records: RecordPort,
  topic: string,
  ms: number,
  exists: boolean,
): Promise<Offsets> {
  if (!exists) return new Map();
  return new Map(
    (await records.offsetsForTime(topic, Math.max(0, ms))).map((o) => [o.partition, BigInt(o.offset)]),
  );
}

/** [from, to) per partition as a read request; empty ranges are left out, null when nothing is left. */
export function rangeRequest(topic: string, from: Offsets, to: Offsets): TopicRanges | null {
  const ranges: TopicRanges['ranges'] = [];
  for (const [partition, end] of to) {
    const start = from.get(partition) ?? end;
    if (start < end) ranges.push({ partition, from: start.toString(), to: end.toString() });
  }
  return ranges.length === 0 ? null : { topic, ranges };
}

/** True when any group's commit on any partition went back (or vanished) since `before`. */
export function wentBack(before: readonly Offsets[], now: readonly Offsets[]): boolean {
  return now.some((c, s) => {
    for (const [p, was] of before[s] ?? new Map<number, bigint>()) {
      const is = c.get(p);
      if (is === undefined || is < was) return true;
    }
    return false;
  });
}

/** How many offsets lie in [from, to) over all partitions. */
export function rangeSize(from: Offsets, to: Offsets): number {
  let n = 0n;
  for (const [partition, end] of to) {
    const start = from.get(partition) ?? end;
    if (start < end) n += end - start;
  }
  return Number(n);
}

export interface ReadCounter {
  records: number;
  bytes: number;
  /** Bounds: a read that passes one stops with a refusal naming it. */
  maxRecords?: number;
  maxBytes?: number;
}

/** Counts one fetched batch against the counter and its bounds. */
export function charge(counter: ReadCounter, batch: readonly KafkaRecord[]): void {
  counter.records += batch.length;
  for (const record of batch)
    counter.bytes += (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
  if (counter.maxRecords !== undefined && counter.records > counter.maxRecords)
    throw refused(
      `Stopped after reading ${counter.records.toLocaleString('en')} records, over the bound of ${counter.maxRecords.toLocaleString('en')}: narrow the window or raise maxRecords.`,
      'read-bound',
    );
  if (counter.maxBytes !== undefined && counter.bytes > counter.maxBytes)
    throw refused(
      `Stopped after reading ${counter.bytes.toLocaleString('en')} bytes, over the bound of ${counter.maxBytes.toLocaleString('en')}: narrow the window or raise maxBytes.`,
      'read-bound',
    );
}

/** Reads the requests once, counting records and (key + value) bytes into the counter. */
export async function readCounted(
  records: RecordPort,
  requests: (TopicRanges | null)[],
  options: {
    signal?: AbortSignal;
    counter: ReadCounter;
    projection: (topic: string) => RecordProjection;
    onRecord: (record: KafkaRecord) => void;
  },
): Promise<void> {
  options.signal?.throwIfAborted();
  const wanted = requests.filter((r): r is TopicRanges => r !== null);
  if (wanted.length === 0) return;
  await records.read(wanted, {
    signal: options.signal,
    projection: options.projection,
    onBatch: (batch) => {
      charge(options.counter, batch);
      for (const record of batch) options.onRecord(record);
    },
  });
  // A cancelled read returns early: what it left unread must not pass for read.
  options.signal?.throwIfAborted();
}

/**
 * Reads exactly the given offsets of one topic. A read takes one range per partition, so nearby offsets are
 * merged into one span, and round n reads the n-th span of every partition; a few rounds run at once.
 */
export async function readOffsets(
  records: RecordPort,
  topic: string,
  wanted: Map<number, bigint[]>,
  options: {
    signal?: AbortSignal;
    counter: ReadCounter;
    projection: RecordProjection;
    onRecord: (record: KafkaRecord) => void;
  },
): Promise<void> {
  const spans = new Map<number, { from: bigint; to: bigint }[]>();
  const exact = new Set<string>();
  for (const [partition, offsets] of wanted) {
    const sorted = [...new Set(offsets)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const list: { from: bigint; to: bigint }[] = [];
    for (const o of sorted) {
      exact.add(`${partition}:${o}`);
      const last = list[list.length - 1];
      if (last && o - last.to < SPAN_GAP) last.to = o + 1n;
      else list.push({ from: o, to: o + 1n });
    }
    spans.set(partition, list);
  }
  const rounds = Math.max(0, ...[...spans.values()].map((l) => l.length));
  let next = 0;
  const worker = async () => {
    while (next < rounds && !options.signal?.aborted) {
      const round = next++;
      const from: Offsets = new Map();
      const to: Offsets = new Map();
      for (const [partition, list] of spans) {
        const span = list[round];
        if (!span) continue;
        from.set(partition, span.from);
        to.set(partition, span.to);
      }
      await readCounted(records, [rangeRequest(topic, from, to)], {
        signal: options.signal,
        counter: options.counter,
        projection: () => options.projection,
        onRecord: (record) => {
          if (exact.has(`${record.partition}:${record.offset}`)) options.onRecord(record);
        },
      });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_ROUNDS }, worker));
}
