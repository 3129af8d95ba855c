// The direct reader: bounded reads as Fetch requests to the partition leaders, with no consumer group (no
// join round trips, no group.initial.rebalance.delay.ms per read, no group left behind), answered by the
// lean decoder in recordBatchDecoder.ts.
//
// It relies on kafkajs internals that are not public API, which is why package.json pins kafkajs to exactly
// 2.2.4 (a minor or patch release may rename or reshape any of them):
//   - the Kafka instance's symbol-keyed method described 'private:Kafka:createCluster' (an internal Cluster
//     with connect, disconnect, addMultipleTargetTopics, refreshMetadata, findTopicPartitionMetadata, findBroker);
//   - Broker#fetch, Broker#lookupRequest(apiKey, definition) and Broker#connectionPool.send(request);
//   - kafkajs/src/consumer/batch (the Batch class), kafkajs/src/protocol/requests/apiKeys (Fetch),
//     kafkajs/src/protocol/requests (the Fetch request definitions), kafkajs/src/protocol/decoder and
//     kafkajs/src/protocol/requests/fetch/v4/decodeMessages (old message formats);
//   - error objects carrying the protocol error name in `type` (NOT_LEADER_FOR_PARTITION, OFFSET_OUT_OF_RANGE, ...).
// Each is feature-checked when the reader is built; when one is missing, createDirectFetchReader returns null
// and the records port falls back to the consumer-group reader (public API only). A lean Fetch is only sent
// for Fetch versions 4 to 11, the ones the lean decoder understands; other versions use Broker#fetch.
import type { Kafka } from 'kafkajs';
import { decompressWithCodecs } from './kafkajsCodecs';
import { KafkaPortError, type PartitionWatermarks } from './kafkaPort';
import { toRecord, type KafkajsMessage } from './kafkajsMessages';
import {
  decodeFetchResponse,
  decodeRecordSet,
  type PassedRecords,
  type RawFetchResponse,
} from './recordBatchDecoder';
import type {
  KafkaRecord,
  ReadOptions,
  ReadSummary,
  RecordProjection,
  SkippedOffsets,
  TopicRanges,
} from './recordPort';
import { nodeRequire } from './nodeRequire';

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
  lookupRequest?: (
    apiKey: number,
    definition: unknown,
  ) => (args: FetchRequestArgs & { replicaId: number; rackId: string }) => InternalProtocolRequest;
  connectionPool?: { send(request: InternalProtocolRequest): Promise<unknown> };
}
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  /** Refreshes when the metadata is older than metadataMaxAge. */
  refreshMetadataIfNecessary?: () => Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findBroker(query: { nodeId: number }): Promise<InternalBroker>;
  /** ListOffsets for many topics, one request per leader; each topic latest, earliest or by time. */
  fetchTopicsOffset?: (
    topics: {
      topic: string;
      partitions: { partition: number }[];
      fromBeginning?: boolean;
      fromTimestamp?: number;
    }[],
  ) => Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}
interface InternalBatch {
  messages: KafkajsMessage[];
  lastOffset(): string;
  isEmpty(): boolean;
}
type BatchConstructor = new (
  topic: string,
  fetchedOffset: string,
  data: InternalPartitionData,
) => InternalBatch;

/** READ_COMMITTED, as the consumer uses by default: aborted transactional records are never shown. */
const READ_COMMITTED = 1;

/** kafkajs's private cluster factory (also used by kafkajsGroups.ts), or null when this kafkajs has none. */
export function internalClusterFactory(
  kafka: Kafka,
): ((options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => InternalCluster) | null {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (sym) => sym.description === 'private:Kafka:createCluster',
  );
  const factory: unknown = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  return typeof factory === 'function'
    ? (factory as (options: { allowAutoTopicCreation: boolean; isolationLevel: number }) => InternalCluster)
    : null;
}

function loadBatchClass(): BatchConstructor | null {
  try {
    const require = nodeRequire();
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
    const require = nodeRequire();
    const apiKeys = require('kafkajs/src/protocol/requests/apiKeys') as { Fetch?: unknown };
    const { requests } = require('kafkajs/src/protocol/requests') as { requests?: { Fetch?: unknown } };
    const decodeMessages: unknown = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages');
    const Decoder: unknown = require('kafkajs/src/protocol/decoder');
    if (
      typeof apiKeys.Fetch !== 'number' ||
      !requests?.Fetch ||
      typeof decodeMessages !== 'function' ||
      typeof Decoder !== 'function'
    )
      return null;
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

export interface DirectFetchReaderOptions {
  /** Bytes per fetch response and per partition in it (defaults 8 MiB and 2 MiB). */
  fetchMaxBytes?: number;
  partitionMaxBytes?: number;
  /** Watermarks of a topic, to move a range start that retention deleted up to the log start. */
  watermarks: (topic: string) => Promise<PartitionWatermarks[]>;
}

export interface DirectFetchReader {
  read(requests: TopicRanges[], options: ReadOptions): Promise<ReadSummary>;
  /** The reader's connected cluster (READ_COMMITTED, no topic auto-creation), shared with batched offset lookups. */
  cluster(): Promise<InternalCluster>;
  close(): Promise<void>;
}

/** The direct reader on this kafkajs client, or null when the kafkajs internals it needs are not there. */
export function createDirectFetchReader(
  kafka: Kafka,
  readerOptions: DirectFetchReaderOptions,
): DirectFetchReader | null {
  const createCluster = internalClusterFactory(kafka);
  const LoadedBatch = createCluster ? loadBatchClass() : null;
  if (!createCluster || !LoadedBatch) return null;
  const BatchClass: BatchConstructor = LoadedBatch;
  const watermarks = readerOptions.watermarks;
  const fetchMaxBytes = readerOptions.fetchMaxBytes ?? 8 * 1024 * 1024;
  const partitionMaxBytes = readerOptions.partitionMaxBytes ?? 2 * 1024 * 1024;
  const lean = loadLeanFetchInternals();
  let readerCluster: Promise<InternalCluster> | undefined;
  const getReaderCluster = () =>
    (readerCluster ??= (async () => {
      const cluster = createCluster({ allowAutoTopicCreation: false, isolationLevel: READ_COMMITTED });
      await cluster.connect();
      return cluster;
    })().catch((error: unknown) => {
      readerCluster = undefined;
      throw error;
    }));

  /**
   * A Fetch through kafkajs's connection, answered by the lean decoder (record sets stay raw bytes until
   * decodePartition); kafkajs's own fetch (which decodes every record) when its internals are not there.
   */
  async function leanFetch(
    broker: InternalBroker,
    args: FetchRequestArgs,
  ): Promise<RawFetchResponse | InternalFetchResponse> {
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
    includeAborted = false,
    mayMatch?: (bytes: Buffer) => boolean,
  ): Promise<{
    records: KafkaRecord[];
    lastOffset: bigint | null;
    skipped?: SkippedOffsets;
    passed?: PassedRecords[];
  }> {
    if ('recordSet' in data) {
      const decoded = await decodeRecordSet(
        data.recordSet,
        {
          topic: p.topic,
          partition: p.partition,
          from: p.next,
          to: p.end,
          abortedTransactions: data.abortedTransactions,
          projection,
          includeAborted,
          ...(mayMatch ? { mayMatch } : {}),
        },
        decompressWithCodecs,
      );
      if (decoded.supported)
        return {
          records: decoded.records,
          lastOffset: decoded.nextOffset === null ? null : decoded.nextOffset - 1n,
          skipped: decoded.skipped,
          passed: decoded.passed,
        };
      // An old message format (v0/v1, brokers before Kafka 4): kafkajs decodes it.
      const sized = Buffer.alloc(4 + data.recordSet.length);
      sized.writeInt32BE(data.recordSet.length, 0);
      data.recordSet.copy(sized, 4);
      const messages = await lean!.decodeMessages(new lean!.Decoder(sized));
      const { partition, highWatermark, lastStableOffset, abortedTransactions } = data;
      return decodePartition(
        p,
        { partition, highWatermark, lastStableOffset, abortedTransactions, messages },
        projection,
      );
    }
    if (data.messages.length === 0) return { records: [], lastOffset: null };
    const batch = new BatchClass(p.topic, p.next.toString(), data);
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
        if (BigInt(r.from) < BigInt(r.to))
          open.set(id, {
            id,
            topic: req.topic,
            partition: r.partition,
            next: BigInt(r.from),
            end: BigInt(r.to),
          });
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
            partitions: ps
              .filter((p) => p.topic === topic)
              .map((p) => ({
                partition: p.partition,
                fetchOffset: p.next.toString(),
                maxBytes: partitionMaxBytes,
              })),
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
          if (
            type === 'NOT_LEADER_FOR_PARTITION' ||
            type === 'UNKNOWN_TOPIC_OR_PARTITION' ||
            type === 'LEADER_NOT_AVAILABLE'
          )
            return 'stale';
          if (type === 'OFFSET_OUT_OF_RANGE') {
            for (const p of active) {
              const low = BigInt(
                (await watermarks(p.topic)).find((m) => m.partition === p.partition)?.low ?? p.end.toString(),
              );
              if (p.next < low) p.next = low;
              if (p.next >= p.end) open.delete(p.id);
            }
            return 'stale';
          }
          throw error;
        }
        const deliveries: {
          p: Open;
          records: KafkaRecord[];
          skipped?: SkippedOffsets;
          passed?: PassedRecords[];
        }[] = [];
        for (const topicResponse of response.responses) {
          for (const data of topicResponse.partitions) {
            const p = open.get(`${topicResponse.topicName}\u0000${data.partition}`);
            if (!p) continue;
            const passOver = options.passOver;
            const {
              records: out,
              lastOffset,
              skipped,
              passed,
            } = await decodePartition(
              p,
              data,
              options.projection?.(p.topic),
              options.includeAborted,
              passOver ? (bytes) => passOver.mayMatch(p.topic, bytes) : undefined,
            );
            if (lastOffset !== null) {
              if (lastOffset + 1n > p.next) p.next = lastOffset + 1n;
            } else {
              // No data for this partition in this response: either the response was already full of other
              // partitions' data (fetch again from the same place), or there is nothing up to the high
              // watermark / last stable offset (an open transaction): then the range is done.
              const stable =
                data.lastStableOffset !== undefined && BigInt(data.lastStableOffset) >= 0n
                  ? BigInt(data.lastStableOffset)
                  : null;
              if (p.next >= BigInt(data.highWatermark) || (stable !== null && p.next >= stable))
                p.next = p.end;
            }
            deliveries.push({ p, records: out, skipped, ...(passed?.length ? { passed } : {}) });
          }
        }
        active = active.filter((p) => p.next < p.end);
        pending = active.length > 0 && !aborted() ? fetchFor(active) : null;
        // If the caller stops early, the prefetched response is simply dropped.
        pending?.catch(() => undefined);
        for (const { p, records, skipped, passed } of deliveries) {
          if (skipped && (skipped.markers > 0 || skipped.aborted > 0))
            options.onSkipped?.(p.topic, p.partition, skipped);
          // Decoded records and passed-over runs, in the record set's order.
          let from = 0;
          for (const run of passed ?? []) {
            if (run.before > from && !aborted()) {
              count += run.before - from;
              await options.onBatch(records.slice(from, run.before));
            }
            from = run.before;
            if (!aborted()) {
              count += run.sizes.length;
              await options.passOver!.onPassed(run);
            }
          }
          if (records.length > from && !aborted()) {
            count += records.length - from;
            await options.onBatch(from === 0 ? records : records.slice(from));
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
        const leader = cluster
          .findTopicPartitionMetadata(p.topic)
          .find((m) => m.partitionId === p.partition)?.leader;
        if (leader === undefined || leader < 0)
          throw new KafkaPortError(
            'other',
            `partition ${p.topic}[${p.partition}] has no leader right now`,
            undefined,
            { retryable: true },
          );
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
      }
      const outcomes = await Promise.all(
        [...byLeader].map(([nodeId, parts]) => readFromLeader(nodeId, parts)),
      );
      if (outcomes.includes('stale')) await cluster.refreshMetadata();
    }
    return { records: count, cancelled: aborted() };
  }

  async function close(): Promise<void> {
    const cluster = readerCluster;
    readerCluster = undefined;
    await cluster?.then((c) => c.disconnect()).catch(() => undefined);
  }

  return { read: readDirect, cluster: getReaderCluster, close };
}
