// The record-level Kafka port: reading bounded offset ranges and producing records with exact offsets.
// Separate from KafkaPort (cluster metadata, groups, lag) so the support workflows stay swappable too.
// Every method fails with KafkaPortError (see kafkaPort.ts), never with a client library's own error.
import type { CommittedOffset, PartitionWatermarks } from './kafkaPort';

/** One header as it is on the wire: a key may repeat, a value is bytes (or null). */
export interface RecordHeader {
  key: string;
  value: Uint8Array | null;
}

export interface KafkaRecord {
  topic: string;
  partition: number;
  /** Decimal string: offsets exceed 2^53. */
  offset: string;
  /** Epoch milliseconds (CreateTime or LogAppendTime). */
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: RecordHeader[];
  /** Written in a transaction that was aborted (only read when asked for with `includeAborted`). */
  aborted?: true;
}

/** Offsets in a read range that held no committed record. */
export interface SkippedOffsets {
  /** Commit and abort markers the broker writes to end a transaction. */
  markers: number;
  /** Records of aborted transactions (counted whether `includeAborted` hands them over or not). */
  aborted: number;
}

/**
 * Records of a partition a read passed over undecoded (see ReadOptions.passOver): in offset order, record i
 * is at `baseOffset + offsetDeltas[i]` and has `sizes[i]` bytes of key and value.
 */
export interface PassedRun {
  topic: string;
  partition: number;
  baseOffset: string;
  offsetDeltas: number[];
  sizes: number[];
}

/** Records with from <= offset < to. */
export interface PartitionRange {
  partition: number;
  from: string;
  to: string;
}

export interface TopicRanges {
  topic: string;
  ranges: PartitionRange[];
}

/**
 * What a read needs of each record. Leaving values and headers out lets the reader skip decoding them
 * (a stuck-payments read of millions of outcome records needs only keys). Default: everything.
 */
export interface RecordProjection {
  /** False: every record's value is null. */
  values?: boolean;
  /** Only these header keys are kept ([] = no headers); 'all' (default) keeps every header. */
  headers?: 'all' | readonly string[];
}

export interface ReadOptions {
  /** Per topic: what to decode of its records (readers may ignore it and return everything). */
  projection?: (topic: string) => RecordProjection | undefined;
  /** Called per fetched batch in offset order within a partition; awaited (back-pressure). */
  onBatch: (records: KafkaRecord[]) => void | Promise<void>;
  signal?: AbortSignal;
  /**
   * Also hand over records of aborted transactions, marked `aborted` (default: committed records only). The
   * direct fetch reader does; the consumer-group fallback reads committed records only, whatever this says.
   */
  includeAborted?: boolean;
  /** Called per fetched batch with the transaction markers and aborted records it held (readers may not). */
  onSkipped?: (topic: string, partition: number, skipped: SkippedOffsets) => void;
  /**
   * Batches no record of which can be wanted, passed over undecoded: `mayMatch` sees a record batch's
   * (decompressed) record bytes, and when it says false the batch's records in range reach `onPassed` as
   * offsets and sizes, never as records, in order with onBatch. Readers may ignore it and decode everything.
   */
  passOver?: {
    mayMatch: (topic: string, bytes: Uint8Array) => boolean;
    onPassed: (run: PassedRun) => void | Promise<void>;
  };
  /** Called with the next offset to read per partition after each batch (for progress). */
  onPosition?: (topic: string, partition: number, nextOffset: string) => void;
}

export interface ReadSummary {
  records: number;
  /** True when the read stopped because the signal aborted. */
  cancelled: boolean;
}

export interface ProduceRecord {
  topic: string;
  /** Explicit partition: callers compute it so they know every record's exact offset afterwards. */
  partition: number;
  key: Uint8Array | string | null;
  value: Uint8Array | string | null;
  headers?: RecordHeader[];
  /** Epoch ms; the broker's time when omitted. */
  timestamp?: number;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: string;
}

export interface GroupMembership {
  groupId: string;
  /** Kafka's group state, e.g. Stable, Empty, Dead. */
  state: string;
  members: number;
}

export interface EnsureTopicOptions {
  partitions: number;
  /** cleanup.policy=compact, for the ledger. */
  compacted?: boolean;
}

export interface RecordPort {
  listTopics(): Promise<string[]>;
  /** Partition watermarks; an empty list when the topic does not exist. */
  watermarks(topic: string): Promise<PartitionWatermarks[]>;
  /** Per partition, the first offset whose timestamp is >= the given time (the high watermark if none). */
  offsetsForTime(topic: string, timestampMs: number): Promise<{ partition: number; offset: string }[]>;
  committedOffsets(groupId: string, topic: string): Promise<CommittedOffset[]>;
  describeGroup(groupId: string): Promise<GroupMembership>;
  /** Reads the given ranges (all topics in one pass) and resolves when every range is consumed. */
  read(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary>;
  /** Produces in order; resolves with each record's offset once the broker acknowledged (acks=all). */
  produce(records: ProduceRecord[]): Promise<ProducedRecord[]>;
  ensureTopic(topic: string, options: EnsureTopicOptions): Promise<void>;
  close(): Promise<void>;
}

/** Header values by key, last one wins (what most readers mean by "the header"). */
export function headerValue(headers: readonly RecordHeader[], key: string): Uint8Array | null | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.key === key) return headers[i]!.value;
  return undefined;
}
