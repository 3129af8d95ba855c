// A lean decoder for Fetch responses and Kafka's record-batch format (magic 2). kafkajs's decoder builds a
// Long, a Decoder and a headers object per record and copies every value; a 1M-payment stuck-payments
// read spends most of its time there. This one walks the bytes once, slices (never copies) keys, values
// and header values, and skips what the caller does not ask for (values, unwanted headers). The CRC is
// not checked: the broker validated it on produce and TCP protects the transfer.
import type { KafkaRecord, PassedRun, RecordHeader, RecordProjection, SkippedOffsets } from './recordPort';

export interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}

export interface RawFetchPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset: string;
  abortedTransactions: AbortedTransaction[];
  /** The partition's record set, a view into the response buffer. */
  recordSet: Buffer;
}

export interface RawFetchResponse {
  responses: { topicName: string; partitions: RawFetchPartition[] }[];
}

/** Decodes a Fetch response (versions 4 to 11) down to each partition's raw record set. */
export function decodeFetchResponse(data: Buffer, version: number): RawFetchResponse {
  if (version < 4 || version > 11)
    throw new Error(`lean fetch decoder: unsupported Fetch version ${version}`);
  let pos = 0;
  const int16 = () => ((pos += 2), data.readInt16BE(pos - 2));
  const int32 = () => ((pos += 4), data.readInt32BE(pos - 4));
  const int64 = () => ((pos += 8), data.readBigInt64BE(pos - 8).toString());
  const string = () => {
    const length = int16();
    if (length < 0) return '';
    pos += length;
    return data.toString('utf8', pos - length, pos);
  };
  int32(); // throttle_time_ms
  if (version >= 7) {
    int16(); // error_code
    int32(); // session_id
  }
  const responses: RawFetchResponse['responses'] = [];
  for (let t = int32(); t > 0; t--) {
    const topicName = string();
    const partitions: RawFetchPartition[] = [];
    for (let p = int32(); p > 0; p--) {
      const partition = int32();
      const errorCode = int16();
      const highWatermark = int64();
      const lastStableOffset = int64();
      if (version >= 5) int64(); // log_start_offset
      const abortedTransactions: AbortedTransaction[] = [];
      for (let a = int32(); a > 0; a--)
        abortedTransactions.push({ producerId: int64(), firstOffset: int64() });
      if (version >= 11) int32(); // preferred_read_replica
      const size = int32();
      const length = Math.max(0, Math.min(size, data.length - pos));
      const recordSet = data.subarray(pos, pos + length);
      pos += length;
      partitions.push({
        partition,
        errorCode,
        highWatermark,
        lastStableOffset,
        abortedTransactions,
        recordSet,
      });
    }
    responses.push({ topicName, partitions });
  }
  return { responses };
}

/** Compression codec (attributes & 7: 1 gzip, 2 snappy, 3 lz4, 4 zstd) → decompressed bytes. */
export type Decompress = (codec: number, data: Buffer) => Promise<Buffer>;

export interface DecodeRange {
  topic: string;
  partition: number;
  /** Records with from <= offset < to are returned. */
  from: bigint;
  to: bigint;
  abortedTransactions: readonly AbortedTransaction[];
  projection?: RecordProjection;
  /** Keep records of aborted transactions, marked `aborted`. */
  includeAborted?: boolean;
  /** False for a batch whose record bytes hold nothing wanted: its records are passed over (see `passed`). */
  mayMatch?: (bytes: Buffer) => boolean;
}

/** Records passed over undecoded; `before` is how many of `records` precede them (the set's order). */
export interface PassedRecords extends PassedRun {
  before: number;
}

export interface DecodedRecordSet {
  records: KafkaRecord[];
  /** The offset after the last complete batch, or null when the set held no complete batch. */
  nextOffset: bigint | null;
  /** False when the set starts with a message format older than v2 (the caller decodes it another way). */
  supported: boolean;
  /** Transaction markers and aborted records within [from, to). */
  skipped: SkippedOffsets;
  /** Batches `mayMatch` turned down, consecutive ones as one run, in range only. */
  passed: PassedRecords[];
}

const BATCH_HEADER = 61; // baseOffset .. recordCount
const MAGIC_AT = 16;
const ATTR_COMPRESSION = 0x07;
const ATTR_LOG_APPEND_TIME = 0x08;
const ATTR_TRANSACTIONAL = 0x10;
const ATTR_CONTROL = 0x20;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Decodes the complete record batches of one partition's record set (a partial batch at the end, which
 * maxBytes may cut, is ignored). Control batches and records of aborted transactions are left out, as
 * a READ_COMMITTED consumer does.
 */
export async function decodeRecordSet(
  set: Buffer,
  range: DecodeRange,
  decompress: Decompress,
): Promise<DecodedRecordSet> {
  const records: KafkaRecord[] = [];
  const passed: PassedRecords[] = [];
  const skipped: SkippedOffsets = { markers: 0, aborted: 0 };
  let nextOffset: bigint | null = null;
  const wantValues = range.projection?.values ?? true;
  const wantHeaders = range.projection?.headers ?? 'all';
  const headerFilter = wantHeaders === 'all' ? null : new Set(wantHeaders);
  // Aborted transactions, in first-offset order; a producer is "aborting" from its first offset until its
  // abort marker (Kafka's consumer does the same).
  const pendingAborts = [...range.abortedTransactions].sort((a, b) =>
    BigInt(a.firstOffset) < BigInt(b.firstOffset) ? -1 : 1,
  );
  const aborting = new Set<string>();
  const fromNum = range.from <= MAX_SAFE ? Number(range.from) : Number.MAX_SAFE_INTEGER;
  const toNum = range.to <= MAX_SAFE ? Number(range.to) : Number.MAX_SAFE_INTEGER;

  let pos = 0;
  while (pos + BATCH_HEADER <= set.length) {
    if (set[pos + MAGIC_AT] !== 2) {
      if (nextOffset === null) return { records, nextOffset, supported: false, skipped, passed };
      break;
    }
    const batchLength = set.readInt32BE(pos + 8);
    const end = pos + 12 + batchLength;
    if (end > set.length) break; // a partial batch cut by maxBytes
    const baseOffset = set.readBigInt64BE(pos);
    const attributes = set.readInt16BE(pos + 21);
    const lastOffsetDelta = set.readInt32BE(pos + 23);
    const firstTimestamp = Number(set.readBigInt64BE(pos + 27));
    const maxTimestamp = Number(set.readBigInt64BE(pos + 35));
    const producerId = set.readBigInt64BE(pos + 43).toString();
    const recordCount = set.readInt32BE(pos + 57);
    const batchStart = pos;
    pos = end;
    const batchEnd = baseOffset + BigInt(lastOffsetDelta);
    nextOffset = batchEnd + 1n;
    while (pendingAborts.length > 0 && BigInt(pendingAborts[0]!.firstOffset) <= batchEnd)
      aborting.add(pendingAborts.shift()!.producerId);
    // Offsets of this batch inside [from, to): what a marker or an aborted batch takes from the range.
    const lo = baseOffset > range.from ? baseOffset : range.from;
    const hi = batchEnd + 1n < range.to ? batchEnd + 1n : range.to;
    const inRangeOffsets = hi > lo ? Number(hi - lo) : 0;
    if (attributes & ATTR_CONTROL) {
      // An abort (or commit) marker ends the producer's transaction.
      if (attributes & ATTR_TRANSACTIONAL) aborting.delete(producerId);
      skipped.markers += inRangeOffsets;
      continue;
    }
    const abortedBatch = (attributes & ATTR_TRANSACTIONAL) !== 0 && aborting.has(producerId);
    if (abortedBatch) {
      skipped.aborted += inRangeOffsets;
      if (!range.includeAborted) continue;
    }
    if (inRangeOffsets === 0) continue;

    const codec = attributes & ATTR_COMPRESSION;
    const body = set.subarray(batchStart + BATCH_HEADER, end);
    const bytes = codec === 0 ? body : await decompress(codec, body);
    const safe = batchEnd <= MAX_SAFE;
    const baseNum = Number(baseOffset);
    const logAppend = (attributes & ATTR_LOG_APPEND_TIME) !== 0;
    const passing = range.mayMatch !== undefined && !range.mayMatch(bytes);
    let run: PassedRecords | undefined;
    if (passing) {
      const last = passed[passed.length - 1];
      run =
        last && last.before === records.length
          ? last
          : {
              topic: range.topic,
              partition: range.partition,
              baseOffset: baseOffset.toString(),
              offsetDeltas: [],
              sizes: [],
              before: records.length,
            };
      if (run !== last) passed.push(run);
    }
    // A run's offsets are relative to its first batch's base offset (runs span one fetch: far below 2^53).
    const runShift = run ? Number(baseOffset - BigInt(run.baseOffset)) : 0;

    let p = 0;
    // Varints are zigzag-encoded; values here (lengths, deltas) stay far below 2^53.
    const varint = (): number => {
      let raw = 0;
      let scale = 1;
      let byte: number;
      do {
        byte = bytes[p++]!;
        raw += (byte & 0x7f) * scale;
        scale *= 128;
      } while (byte & 0x80);
      return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    };
    for (let r = 0; r < recordCount && p < bytes.length; r++) {
      const length = varint();
      const recordEnd = p + length;
      p++; // attributes
      const timestampDelta = varint();
      const offsetDelta = varint();
      let inRange: boolean;
      let offset: string;
      if (safe) {
        const o = baseNum + offsetDelta;
        inRange = o >= fromNum && o < toNum;
        offset = inRange ? String(o) : '';
      } else {
        const o = baseOffset + BigInt(offsetDelta);
        inRange = o >= range.from && o < range.to;
        offset = inRange ? o.toString() : '';
      }
      if (!inRange) {
        p = recordEnd;
        continue;
      }
      if (run) {
        const keyBytes = varint();
        if (keyBytes > 0) p += keyBytes;
        const valueBytes = varint();
        run.offsetDeltas.push(runShift + offsetDelta);
        run.sizes.push(Math.max(0, keyBytes) + (wantValues ? Math.max(0, valueBytes) : 0));
        p = recordEnd;
        continue;
      }
      const keyLength = varint();
      const key = keyLength < 0 ? null : bytes.subarray(p, p + keyLength);
      if (keyLength > 0) p += keyLength;
      const valueLength = varint();
      const value = valueLength < 0 || !wantValues ? null : bytes.subarray(p, p + valueLength);
      if (valueLength > 0) p += valueLength;
      const headers: RecordHeader[] = [];
      if (headerFilter === null || headerFilter.size > 0) {
        for (let h = varint(); h > 0; h--) {
          const keyLen = varint();
          const headerKey = bytes.toString('utf8', p, p + keyLen);
          p += keyLen;
          const valueLen = varint();
          if (headerFilter === null || headerFilter.has(headerKey))
            headers.push({ key: headerKey, value: valueLen < 0 ? null : bytes.subarray(p, p + valueLen) });
          if (valueLen > 0) p += valueLen;
        }
      }
      p = recordEnd;
      records.push({
        topic: range.topic,
        partition: range.partition,
        offset,
        timestamp: logAppend ? maxTimestamp : firstTimestamp + timestampDelta,
        key,
        value,
        headers,
        ...(abortedBatch ? { aborted: true as const } : {}),
      });
    }
  }
  return { records, nextOffset, supported: true, skipped, passed };
}
