// RecordPort on kafkajs, composed from its parts: the direct fetch reader (or the consumer-group reader
// when kafkajs's internals are not there), the admin and produce calls, and the compression codecs. Every
// failure leaves as KafkaPortError; an error thrown by the caller's own callbacks leaves unchanged.
import type { KafkaConfig } from 'kafkajs';
import { createDirectFetchReader, type DirectFetchReader } from './directFetchReader';
import { createGroupReader } from './groupReader';
import { createKafkajsClient, type KafkajsClient } from './kafkajsClient';
import { registerCompressionCodecs } from './kafkajsCodecs';
import { errorChain, errorContext, toKafkaPortError } from './kafkajsErrors';
import { createGroupProtocolClient } from './kafkajsGroups';
import { createRecordAdmin } from './kafkajsRecordAdmin';
import type { ReadOptions, ReadSummary, RecordPort, TopicRanges } from './recordPort';

export interface KafkajsRecordsOptions extends RecordReaderOptions {
  brokers: string[];
  clientId?: string;
  /** Extra kafkajs config (ssl, sasl) from the connection settings. */
  config?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
}

export interface RecordReaderOptions {
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

/** A RecordPort with its own kafkajs client (createKafkajsCluster shares one client with the KafkaPort). */
export function createKafkajsRecords(options: KafkajsRecordsOptions): RecordPort {
  const client = createKafkajsClient(options.brokers, { clientId: options.clientId, config: options.config });
  const port = createRecordPortOn(client, options);
  return {
    ...port,
    close: async () => {
      await port.close();
      await client.close();
    },
  };
}

/** The RecordPort on a given client; its close() stops the port's reads, the client stays open for its owner. */
export function createRecordPortOn(client: KafkajsClient, options: RecordReaderOptions = {}): RecordPort {
  registerCompressionCodecs();
  const groupProtocol = createGroupProtocolClient(client.kafka);
  // The direct reader's cluster also answers batched offset lookups (null until the reader exists).
  let direct: DirectFetchReader | null = null;
  const admin = createRecordAdmin(client, groupProtocol, () => direct?.cluster() ?? null);
  const group = createGroupReader(client.kafka);
  direct =
    options.reader === 'group'
      ? null
      : createDirectFetchReader(client.kafka, {
          fetchMaxBytes: options.fetchMaxBytes,
          partitionMaxBytes: options.partitionMaxBytes,
          watermarks: admin.watermarks,
        });

  const translated =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const result = await call(...args);
        client.markAnswered();
        return result;
      } catch (error) {
        throw toKafkaPortError(error, client.bootstrap, errorContext(client));
      }
    };

  async function read(requests: TopicRanges[], readOptions: ReadOptions): Promise<ReadSummary> {
    // The caller's callbacks may throw their own errors (a cancelled scan, a full export): those are theirs,
    // not Kafka failures, and must reach the caller as thrown, even when kafkajs wrapped them on the way.
    const thrownByCaller = new WeakSet<object>();
    const mark = (error: unknown) => {
      if (error !== null && typeof error === 'object') thrownByCaller.add(error);
      return error;
    };
    const guarded: ReadOptions = {
      ...readOptions,
      onBatch: async (records) => {
        try {
          await readOptions.onBatch(records);
        } catch (error) {
          throw mark(error);
        }
      },
      ...(readOptions.passOver
        ? {
            passOver: {
              mayMatch: readOptions.passOver.mayMatch,
              onPassed: async (run) => {
                try {
                  await readOptions.passOver?.onPassed(run);
                } catch (error) {
                  throw mark(error);
                }
              },
            },
          }
        : {}),
      ...(readOptions.onPosition
        ? {
            onPosition: (topic, partition, next) => {
              try {
                readOptions.onPosition?.(topic, partition, next);
              } catch (error) {
                throw mark(error);
              }
            },
          }
        : {}),
      ...(readOptions.projection
        ? {
            projection: (topic) => {
              try {
                return readOptions.projection?.(topic);
              } catch (error) {
                throw mark(error);
              }
            },
          }
        : {}),
    };
    try {
      return await (direct ?? group).read(requests, guarded);
    } catch (error) {
      const own = errorChain(error).find((e) => thrownByCaller.has(e));
      throw own ?? toKafkaPortError(error, client.bootstrap, errorContext(client));
    }
  }

  return {
    listTopics: translated(admin.listTopics),
    watermarks: translated(admin.watermarks),
    offsetsForTime: translated(admin.offsetsForTime),
    committedOffsets: translated(admin.committedOffsets),
    describeGroup: translated(admin.describeGroup),
    produce: translated(admin.produce),
    ensureTopic: translated(admin.ensureTopic),
    read,
    async close() {
      await Promise.all([group.close(), direct?.close(), groupProtocol?.close()]);
    },
  };
}
