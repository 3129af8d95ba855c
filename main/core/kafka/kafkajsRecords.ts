// RecordPort on kafkajs. Bounded reads use a throwaway consumer group whose assigner hands the single
// member exactly the partitions asked for; nothing is ever committed, so the group vanishes when empty.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import kafkajs, {
  AssignerProtocol,
  CompressionTypes,
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type KafkaConfig,
  type PartitionAssigner,
  type Producer,
} from 'kafkajs';

import { decompress as zstdDecompress } from 'fzstd';
import LZ4Codec from 'kafkajs-lz4';
import { decodeFetchResponse, decodeRecordSet, type Decompress, type RawFetchResponse } from './recordBatchDecoder';
import type {
  CommittedOffset,
  EnsureTopicOptions,
  GroupMembership,
  KafkaRecord,
  PartitionWatermarks,
  ProduceRecord,
  ProducedRecord,
  ReadOptions,
  ReadSummary,
  RecordHeader,
  RecordProjection,
  RecordPort,
  TopicRanges,
} from './recordPort';
import { ensureTopicsServed } from '../../../shared/topicReadiness';

// kafkajs is CommonJS and Node's ESM loader cannot see CompressionCodecs as a named export; take it
// from the default export so this module loads under plain Node (tsx, the bridge CLI) as well as bundlers.
const { CompressionCodecs } = kafkajs;

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

let codecsRegistered = false;

/**
 * kafkajs only ships gzip; topics written by other clients (kcat, Java) may use snappy, lz4 or zstd.
 * zstd is decode-only (pure-JS fzstd): the console reads zstd topics but never writes zstd itself.
 */
export function registerCompressionCodecs(): void {
  if (codecsRegistered) return;
  codecsRegistered = true;
  const require = createRequire(import.meta.url);
  const snappyFactory = require('kafkajs-snappy') as () => KafkajsCodec;
  const codecs = CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  codecs[CompressionTypes.Snappy] = snappyFactory;
  codecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
  codecs[CompressionTypes.ZSTD] = () => ({
    async compress() {
      throw new Error('Eventdesk reads zstd-compressed topics but does not write zstd');
    },
    async decompress(buffer: Buffer) {
      const out = zstdDecompress(buffer);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  });
}

/** An assigner for a group with one member that gets exactly the wanted partitions. */
function fixedAssigner(wanted: Map<string, number[]>): PartitionAssigner {
  return () => ({
    name: 'EventdeskFixedAssigner',
    version: 1,
    async assign({ members }) {
      const assignment: Record<string, number[]> = Object.fromEntries(wanted);
      return members.map((member, index) => ({
        memberId: member.memberId,
        // Only the first member reads; a second would be a bug, and gets nothing rather than duplicates.
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 1,
          assignment: index === 0 ? assignment : {},
          userData: Buffer.alloc(0),
        }),
      }));
    },
    protocol({ topics }) {
      return {
        name: 'EventdeskFixedAssigner',
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
      };
    },
  });
}

function toHeaders(headers: IHeaders | undefined): RecordHeader[] {
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

function toKafkajsHeaders(headers: readonly RecordHeader[] | undefined): IHeaders | undefined {
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

function toBuffer(v: Uint8Array | string | null): Buffer | string | null {
  if (v === null || typeof v === 'string') return v;
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export interface KafkajsRecordsOptions {
  brokers: string[];
  clientId?: string;
  /** Extra kafkajs config (ssl, sasl) from the connection settings. */
  config?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /**
   * direct (default when available): fetch requests to the partition leaders, no consumer group: no join
   * round trips, no group.initial.rebalance.delay.ms (3 s on a default broker) per read, no group left
   * behind. group: a throwaway consumer group (kafkajs's public API only).
   */
  reader?: 'direct' | 'group';
  /** Direct reader: bytes per fetch response and per partition in it (defaults 8 MiB and 2 MiB). */
  fetchMaxBytes?: number;
  partitionMaxBytes?: number;
}

// ---- the direct reader: kafkajs's internal cluster and fetch, behind a feature check --------------

interface InternalPartitionData {
  partition: number;
  highWatermark: string;
  lastStableOffset?: string;
  messages: unknown[];
  abortedTransactions?: unknown[];
}
interface InternalFetchResponse {
  responses: { topicName: string; partitions: InternalPartitionData[] }[];
}
interface FetchRequestArgs {
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}
interface InternalProtocolRequest {
  request: { apiVersion: number };
  response: { decode(raw: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
  requestTimeout?: number;
}
interface InternalBroker {
  fetch(request: FetchRequestArgs): Promise<InternalFetchResponse>;
  lookupRequest?: (apiKey: number, definition: unknown) => (args: FetchRequestArgs & { replicaId: number; rackId: string }) => InternalProtocolRequest;
  connectionPool?: { send(request: InternalProtocolRequest): Promise<unknown> };
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(query: { nodeId: number }): Promise<InternalBroker>;
}
interface KafkajsMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}
interface InternalBatch {
  messages: KafkajsMessage[];
  lastOffset(): string;
  isEmpty(): boolean;
}
type BatchConstructor = new (topic: string, fetchedOffset: string, data: InternalPartitionData) => InternalBatch;

/** READ_COMMITTED, as the consumer uses by default: aborted transactional records are never shown. */
const READ_COMMITTED = 1;

function internalClusterFactory(kafka: Kafka): ((options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => InternalCluster) | null {
  const symbol = Object.getOwnPropertySymbols(kafka).find((sym) => sym.description === 'private:Kafka:createCluster');
  const factory: unknown = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  return typeof factory === 'function' ? (factory as (options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => InternalCluster) : null;
}

function loadBatchClass(): BatchConstructor | null {
  try {
    const require = createRequire(import.meta.url);
    const batch: unknown = require('kafkajs/src/consumer/batch');
    return typeof batch === 'function' ? (batch as BatchConstructor) : null;
  } catch {
    return null;
  }
}

interface LeanFetchInternals {
  fetchApiKey: number;
  fetchDefinition: unknown;
  /** kafkajs's decoder of a size-prefixed record set (old message formats, which the lean decoder leaves to it). */
  decodeMessages: (decoder: unknown) => Promise<unknown[]>;
  Decoder: new (buffer: Buffer) => unknown;
}

function loadLeanFetchInternals(): LeanFetchInternals | null {
  try {
    const require = createRequire(import.meta.url);
    const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as { Fetch?: unknown };
    const { requests } = require('kafkajs/src/protocol/requests') as { requests?: { Fetch?: unknown } };
    const decodeMessages: unknown = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages');
    const Decoder: unknown = require('kafkajs/src/protocol/decoder');
    if (typeof apiKeys.Fetch !== 'number' || !requests?.Fetch || typeof decodeMessages !== 'function' || typeof Decoder !== 'function') return null;
    return {
      fetchApiKey: apiKeys.Fetch,
      fetchDefinition: requests.Fetch,
      decodeMessages: decodeMessages as LeanFetchInternals['decodeMessages'],
      Decoder: Decoder as LeanFetchInternals['Decoder'],
    };
  } catch {
    return null;
  }
}

const codecCache = new Map<number, CodecInstance>();
type CodecInstance = { decompress(buffer: Buffer): Promise<Buffer> };
const decompressWithCodecs: Decompress = async (codec, data) => {
  let instance = codecCache.get(codec);
  if (!instance) {
    const factory = (CompressionCodecs as unknown as Record<number, (() => CodecInstance) | undefined>)[codec];
    if (!factory) throw new Error(`records compressed with codec ${codec}, which is not registered`);
    codecCache.set(codec, (instance = factory()));
  }
  return instance.decompress(data);
};

function toRecord(topic: string, partition: number, m: KafkajsMessage): KafkaRecord {
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

export function createKafkajsRecords(options: KafkajsRecordsOptions): RecordPort {
  registerCompressionCodecs();
  const clientId = options.clientId ?? 'eventdesk-console';
  const kafka = new Kafka({
    logLevel: logLevel.NOTHING,
    ...options.config,
    brokers: options.brokers,
    clientId,
  });
  let admin: Promise<Admin> | undefined;
  let producer: Promise<Producer> | undefined;
  const liveConsumers = new Set<Consumer>();

  const getAdmin = () =>
    (admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    }));

  const getProducer = () =>
    (producer ??= (async () => {
      const p = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, maxInFlightRequests: 1 });
      await p.connect();
      return p;
    })().catch((error: unknown) => {
      producer = undefined;
      throw error;
    }));

  async function listTopics(): Promise<string[]> {
    return (await getAdmin()).listTopics();
  }

  async function watermarks(topic: string): Promise<PartitionWatermarks[]> {
    const a = await getAdmin();
    const topics = await a.listTopics();
    if (!topics.includes(topic)) return [];
    const offsets = await a.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, low: o.low, high: o.high }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function offsetsForTime(topic: string, timestampMs: number) {
    const a = await getAdmin();
    const result = await a.fetchTopicOffsetsByTimestamp(topic, timestampMs);
    return result
      .map((r) => ({ partition: r.partition, offset: r.offset }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function committedOffsets(groupId: string, topic: string): Promise<CommittedOffset[]> {
    const a = await getAdmin();
    const result = await a.fetchOffsets({ groupId, topics: [topic] });
    const partitions = result.find((t) => t.topic === topic)?.partitions ?? [];
    return partitions
      .map((p) => ({ partition: p.partition, offset: p.offset === '-1' ? null : p.offset }))
      .sort((x, y) => x.partition - y.partition);
  }

  async function describeGroup(groupId: string): Promise<GroupMembership> {
    const a = await getAdmin();
    const { groups } = await a.describeGroups([groupId]);
    const group = groups[0];
    return { groupId, state: group?.state ?? 'Dead', members: group?.members.length ?? 0 };
  }

  const createCluster = options.reader === 'group' ? null : internalClusterFactory(kafka);
  const fetchMaxBytes = options.fetchMaxBytes ?? 8 * 1024 * 1024;
  const partitionMaxBytes = options.partitionMaxBytes ?? 2 * 1024 * 1024;
  const BatchClass = createCluster ? loadBatchClass() : null;
  const lean = createCluster ? loadLeanFetchInternals() : null;
  let readerCluster: Promise<InternalCluster> | undefined;
  const getReaderCluster = () =>
    (readerCluster ??= (async () => {
      const cluster = createCluster!({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED });
      await cluster.connect();
      return cluster;
    })().catch((error: unknown) => {
      readerCluster = undefined;
      throw error;
    }));

  async function read(requests: TopicRanges[], readOptions: ReadOptions): Promise<ReadSummary> {
    return createCluster && BatchClass ? readDirect(requests, readOptions) : readWithGroup(requests, readOptions);
  }

  /**
   * A Fetch through kafkajs's connection, answered by the lean decoder (record sets stay raw bytes until
   * decodePartition); kafkajs's own fetch (which decodes every record) when its internals are not there.
   */
  async function leanFetch(broker: InternalBroker, args: FetchRequestArgs): Promise<RawFetchResponse | InternalFetchResponse> {
    const make = lean && broker.lookupRequest?.(lean.fetchApiKey, lean.fetchDefinition);
    const protocolRequest = make ? make({ ...args, replicaId: -1, rackId: '' }) : null;
    const version = protocolRequest?.request.apiVersion ?? -1;
    if (!protocolRequest || !broker.connectionPool || version < 4 || version > 11) return broker.fetch(args);
    const parse = protocolRequest.response.parse;
    return (await broker.connectionPool.send({
      ...protocolRequest,
      // kafkajs's parse turns partition error codes into its typed errors (OFFSET_OUT_OF_RANGE, ...).
      response: { decode: async (raw: Buffer) => decodeFetchResponse(raw, version), parse },
    })) as RawFetchResponse;
  }

  /** One partition of a fetch response as records within the open range, and the last offset it covers. */
  async function decodePartition(
    p: { topic: string; partition: number; next: bigint; end: bigint },
    data: RawFetchResponse['responses'][number]['partitions'][number] | InternalPartitionData,
    projection: RecordProjection | undefined,
  ): Promise<{ records: KafkaRecord[]; lastOffset: bigint | null }> {
    if ('recordSet' in data) {
      const decoded = await decodeRecordSet(data.recordSet, { topic: p.topic, partition: p.partition, from: p.next, to: p.end, abortedTransactions: data.abortedTransactions, projection }, decompressWithCodecs);
      if (decoded.supported) return { records: decoded.records, lastOffset: decoded.nextOffset === null ? null : decoded.nextOffset - 1n };
      // An old message format (v0/v1, brokers before Kafka 4): kafkajs decodes it.
      const sized = Buffer.alloc(4 + data.recordSet.length);
      sized.writeInt32BE(data.recordSet.length, 0);
      data.recordSet.copy(sized, 4);
      const messages = await lean!.decodeMessages(new lean!.Decoder(sized));
      const { partition, highWatermark, lastStableOffset, abortedTransactions } = data;
      return decodePartition(p, { partition, highWatermark, lastStableOffset, abortedTransactions, messages }, projection);
    }
    if (data.messages.length === 0) return { records: [], lastOffset: null };
    const batch = new BatchClass!(p.topic, p.next.toString(), data);
    const out: KafkaRecord[] = [];
    for (const m of batch.messages) {
      const offset = BigInt(m.offset);
      if (offset >= p.next && offset < p.end) out.push(toRecord(p.topic, p.partition, m));
    }
    return { records: out, lastOffset: BigInt(batch.lastOffset()) };
  }

  async function readDirect(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary> {
    type Open = { id: string; topic: string; partition: number; next: bigint; end: bigint };
    const open = new Map<string, Open>();
    for (const req of requests) {
      for (const r of req.ranges) {
        const id = `${req.topic}\u0000${r.partition}`;
        if (open.has(id)) throw new Error(`read: partition ${req.topic}[${r.partition}] requested twice`);
        if (BigInt(r.from) < BigInt(r.to)) open.set(id, { id, topic: req.topic, partition: r.partition, next: BigInt(r.from), end: BigInt(r.to) });
      }
    }
    let count = 0;
    if (open.size === 0) return { records: 0, cancelled: options.signal?.aborted ?? false };
    const cluster = await getReaderCluster();
    await cluster.addMultipleTargetTopics([...new Set([...open.values()].map((p) => p.topic))]);
    const aborted = () => options.signal?.aborted ?? false;

    /** Reads the partitions one broker leads. The next fetch is sent before this one's records are handed
     *  over, so the broker works while we filter (what librdkafka's prefetch does for kcat). */
    const readFromLeader = async (nodeId: number, parts: Open[]): Promise<'done' | 'stale'> => {
      const broker = await cluster.findBroker({ nodeId });
      const fetchFor = (ps: Open[]) => {
        const args: FetchRequestArgs = {
          maxWaitTime: 100,
          minBytes: 1,
          // Two responses may be in memory at once (prefetch): these sizes bound the reader's memory.
          maxBytes: fetchMaxBytes,
          isolationLevel: READ_COMMITTED,
          topics: [...new Set(ps.map((p) => p.topic))].map((topic) => ({
            topic,
            partitions: ps.filter((p) => p.topic === topic).map((p) => ({ partition: p.partition, fetchOffset: p.next.toString(), maxBytes: partitionMaxBytes })),
          })),
        };
        return leanFetch(broker, args);
      };
      let active = parts;
      let pending: Promise<RawFetchResponse | InternalFetchResponse> | null = fetchFor(active);
      while (pending) {
        let response: RawFetchResponse | InternalFetchResponse;
        try {
          response = await pending;
        } catch (error) {
          // Leadership moved, or the range start was deleted by retention: refresh or clamp, then go on.
          const type = (error as { type?: string }).type;
          if (type === 'NOT_LEADER_FOR_PARTITION' || type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE') return 'stale';
          if (type === 'OFFSET_OUT_OF_RANGE') {
            for (const p of active) {
              const low = BigInt((await watermarks(p.topic)).find((m) => m.partition === p.partition)?.low ?? p.end.toString());
              if (p.next < low) p.next = low;
              if (p.next >= p.end) open.delete(p.id);
            }
            return 'stale';
          }
          throw error;
        }
        const deliveries: { p: Open; records: KafkaRecord[] }[] = [];
        for (const topicResponse of response.responses) {
          for (const data of topicResponse.partitions) {
            const p = open.get(`${topicResponse.topicName}\u0000${data.partition}`);
            if (!p) continue;
            const { records: out, lastOffset } = await decodePartition(p, data, options.projection?.(p.topic));
            if (lastOffset !== null) {
              if (lastOffset + 1n > p.next) p.next = lastOffset + 1n;
            } else {
              // No data for this partition in this response: either the response was already full of other
              // partitions' data (fetch again from the same place), or there is nothing up to the high
              // watermark / last stable offset (an open transaction): then the range is done.
              const stable = data.lastStableOffset !== undefined && BigInt(data.lastStableOffset) >= 0n ? BigInt(data.lastStableOffset) : null;
              if (p.next >= BigInt(data.highWatermark) || (stable !== null && p.next >= stable)) p.next = p.end;
            }
            deliveries.push({ p, records: out });
          }
        }
        active = active.filter((p) => p.next < p.end);
        pending = active.length > 0 && !aborted() ? fetchFor(active) : null;
        // If the caller stops early, the prefetched response is simply dropped.
        pending?.catch(() => undefined);
        for (const { p, records } of deliveries) {
          if (records.length > 0 && !aborted()) {
            count += records.length;
            await options.onBatch(records);
          }
          options.onPosition?.(p.topic, p.partition, (p.next < p.end ? p.next : p.end).toString());
          if (p.next >= p.end) open.delete(p.id);
        }
        if (aborted()) return 'done';
      }
      return 'done';
    };

    while (open.size > 0 && !aborted()) {
      const byLeader = new Map<number, Open[]>();
      for (const p of open.values()) {
        const leader = cluster.findTopicPartitionMetadata(p.topic).find((m) => m.partitionId === p.partition)?.leader;
        if (leader === undefined || leader < 0) throw new Error(`partition ${p.topic}[${p.partition}] has no leader right now`);
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
      }
      const outcomes = await Promise.all([...byLeader].map(([nodeId, parts]) => readFromLeader(nodeId, parts)));
      if (outcomes.includes('stale')) await cluster.refreshMetadata();
    }
    return { records: count, cancelled: aborted() };
  }

  async function readWithGroup(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary> {
    // Remaining work: topic → partition → [nextOffset, endExclusive).
    const remaining = new Map<string, Map<number, { next: bigint; end: bigint }>>();
    for (const req of requests) {
      for (const r of req.ranges) {
        const from = BigInt(r.from);
        const to = BigInt(r.to);
        if (from >= to) continue;
        let perTopic = remaining.get(req.topic);
        if (!perTopic) remaining.set(req.topic, (perTopic = new Map()));
        const existing = perTopic.get(r.partition);
        if (existing) throw new Error(`read: partition ${req.topic}[${r.partition}] requested twice`);
        perTopic.set(r.partition, { next: from, end: to });
      }
    }
    if (remaining.size === 0 || options.signal?.aborted)
      return { records: 0, cancelled: options.signal?.aborted ?? false };

    const wanted = new Map<string, number[]>();
    for (const [topic, parts] of remaining) wanted.set(topic, [...parts.keys()]);
    const consumer = kafka.consumer({
      groupId: `eventdesk-reader-${randomBytes(6).toString('hex')}`,
      partitionAssigners: [fixedAssigner(wanted)],
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 64 * 1024 * 1024,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      retry: { retries: 3 },
    });
    liveConsumers.add(consumer);
    let openPartitions = [...remaining.values()].reduce((n, m) => n + m.size, 0);
    let count = 0;
    let finished!: () => void;
    let failed!: (e: unknown) => void;
    const done = new Promise<void>((ok, fail) => {
      finished = ok;
      failed = fail;
    });
    // Observed even when run() throws first, so a crash is never an unhandled rejection.
    done.catch(() => undefined);
    const onAbort = () => finished();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // kafkajs restarts itself after retriable errors (e.g. "coordinator is loading"); only a final crash fails the read.
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) failed(event.payload.error);
    });

    // Seek on every join: kafkajs re-joins after a retriable failure (and then has a new group object), so
    // a seek made once after run() could be lost. Positions only move forward, so re-seeking is safe.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [topic, parts] of remaining) {
        for (const [partition, state] of parts) if (state.next < state.end) consumer.seek({ topic, partition, offset: state.next.toString() });
      }
    });
    try {
      await consumer.connect();
      for (const topic of remaining.keys()) await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch }) => {
          if (options.signal?.aborted || openPartitions === 0) return;
          const state = remaining.get(batch.topic)?.get(batch.partition);
          if (!state || state.next >= state.end) return;
          const out: KafkaRecord[] = [];
          for (const m of batch.messages) {
            const offset = BigInt(m.offset);
            // An in-flight fetch from before the seek, or the tail of a compressed batch, can lie outside the range.
            if (offset < state.next || offset >= state.end) continue;
            out.push({
              topic: batch.topic,
              partition: batch.partition,
              offset: m.offset,
              timestamp: Number(m.timestamp),
              key: m.key ?? null,
              value: m.value ?? null,
              headers: toHeaders(m.headers),
            });
          }
          if (out.length > 0) {
            count += out.length;
            await options.onBatch(out);
          }
          const last = BigInt(batch.lastOffset());
          if (last + 1n > state.next) state.next = last + 1n;
          options.onPosition?.(
            batch.topic,
            batch.partition,
            (state.next < state.end ? state.next : state.end).toString(),
          );
          if (state.next >= state.end) {
            openPartitions--;
            consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
            if (openPartitions === 0) finished();
          }
        },
      });
      await done;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      liveConsumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
    }
    return { records: count, cancelled: options.signal?.aborted ?? false };
  }

  async function produce(records: ProduceRecord[]): Promise<ProducedRecord[]> {
    if (records.length === 0) return [];
    const p = await getProducer();
    // Group per topic-partition while keeping each record's index there: kafkajs returns one base offset
    // per partition batch, and record i of that batch lands at base + i.
    const byTopic = new Map<string, ProduceRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    const metadata = await p.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({
          partition: r.partition,
          key: toBuffer(r.key),
          value: toBuffer(r.value),
          headers: toKafkajsHeaders(r.headers),
          ...(r.timestamp !== undefined ? { timestamp: String(r.timestamp) } : {}),
        })),
      })),
    });
    const base = new Map<string, bigint>();
    for (const m of metadata)
      if (m.baseOffset !== undefined) base.set(`${m.topicName}\u0000${m.partition}`, BigInt(m.baseOffset));
    const indexWithin = new Map<string, bigint>();
    return records.map((r) => {
      const id = `${r.topic}\u0000${r.partition}`;
      const b = base.get(id);
      if (b === undefined) throw new Error(`the broker did not acknowledge ${r.topic}[${r.partition}]`);
      const i = indexWithin.get(id) ?? 0n;
      indexWithin.set(id, i + 1n);
      return { topic: r.topic, partition: r.partition, offset: (b + i).toString() };
    });
  }

  async function ensureTopic(topic: string, opts: EnsureTopicOptions): Promise<void> {
    // Waits until the partitions are served, not just created: a new topic is unusable for a moment under KRaft.
    await ensureTopicsServed(await getAdmin(), [
      { topic, numPartitions: opts.partitions, configEntries: opts.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [] },
    ]);
  }

  async function close(): Promise<void> {
    await Promise.all([...liveConsumers].map((c) => c.disconnect().catch(() => undefined)));
    const cluster = readerCluster;
    readerCluster = undefined;
    await cluster?.then((c) => c.disconnect()).catch(() => undefined);
    const [a, p] = [admin, producer];
    admin = producer = undefined;
    await Promise.all([
      a?.then((x) => x.disconnect()).catch(() => undefined),
      p?.then((x) => x.disconnect()).catch(() => undefined),
    ]);
  }

  return {
    listTopics,
    watermarks,
    offsetsForTime,
    committedOffsets,
    describeGroup,
    read,
    produce,
    ensureTopic,
    close,
  };
}
