// KafkaPort implemented with kafkajs. kafkajs types and error classes never leave this folder.
import type { Admin } from 'kafkajs';
import { createAuthorizedOperationsReader, type AuthorizedOperationsQuery } from './authorizedOperations';
import { createKafkajsClient, type KafkajsClient, type KafkajsClientOptions } from './kafkajsClient';
import { errorContext, toKafkaPortError } from './kafkajsErrors';
import {
  createGroupProtocolClient,
  describeBothProtocols,
  describeClassic,
  listWithTypes,
  withCoordinatorReason,
} from './kafkajsGroups';
import {
  KafkaPortError,
  type CommittedOffset,
  type GroupType,
  type KafkaPort,
  type TopicWatermarks,
} from './kafkaPort';

export interface KafkajsAdapterOptions {
  clientId?: string;
  /** TCP connect timeout per broker; short so an unreachable cluster is reported in seconds. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Upper bound for any single port call, retries included. */
  callDeadlineMs?: number;
  /** kafkajs log lines; dropped when omitted (kafkajs logs connection failures very loudly). */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

/** Few, quick retries: the port is also the connectivity probe, and must name the failure within its deadline. */
const kafkaPortRetry = { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 };

/** The client settings the KafkaPort needs: short timeouts, so an unreachable cluster is reported in seconds. */
export function kafkaPortClientOptions(options: KafkajsAdapterOptions): KafkajsClientOptions {
  return {
    clientId: options.clientId,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 3_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    retry: kafkaPortRetry,
    log: options.log,
  };
}

/** Kafka's internal topics all start with "__" (the kafkajs metadata answer has no internal flag). */
function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** Runs up to `limit` tasks at once: one ListOffsets round trip per topic, but not hundreds in flight. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A KafkaPort with its own kafkajs client (createKafkajsCluster shares one client with the RecordPort). */
export function createKafkajsAdapter(bootstrap: string[], options: KafkajsAdapterOptions = {}): KafkaPort {
  const client = createKafkajsClient(bootstrap, kafkaPortClientOptions(options));
  const port = createKafkaPortOn(client, options);
  return {
    ...port,
    close: async () => {
      await port.close();
      await client.close();
    },
  };
}

/** The KafkaPort on a given client; its close() stops the port, the client stays open for its owner. */
export function createKafkaPortOn(
  client: KafkajsClient,
  options: Pick<KafkajsAdapterOptions, 'callDeadlineMs'> = {},
): KafkaPort {
  const bootstrap = [...client.bootstrap];
  const deadlineMs = options.callDeadlineMs ?? 8_000;
  let closed = false;

  const connected = async (): Promise<Admin> => {
    if (closed) throw new KafkaPortError('other', 'This Kafka connection was closed.');
    return client.admin();
  };
  const replaceAdmin = () => client.replaceAdmin();
  // KIP-848 requests kafkajs does not have; null when its internals are missing (then classic calls only).
  const groupProtocol = createGroupProtocolClient(client.kafka);
  /** Each group's protocol as the last listing saw it: a known classic group skips ConsumerGroupDescribe. */
  const knownTypes = new Map<string, GroupType>();
  const operations = createAuthorizedOperationsReader(client.kafka);

  const readWatermarks = async (a: Admin, topics: string[]) =>
    mapLimited(topics, 8, async (topic): Promise<TopicWatermarks | 'missing'> => {
      try {
        const offsets = await a.fetchTopicOffsets(topic);
        return {
          topic,
          partitions: offsets
            .map((o) => ({ partition: o.partition, low: o.low, high: o.high }))
            .sort((x, y) => x.partition - y.partition),
        };
      } catch (error) {
        if (toKafkaPortError(error, bootstrap, errorContext(client)).kind === 'not_found') return 'missing';
        throw error;
      }
    });

  /** Every call: connect, run, translate kafkajs errors, and never take longer than the deadline. */
  const call = async <T>(what: string, body: (admin: Admin) => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new KafkaPortError(
              'timeout',
              `${what} got no answer within ${deadlineMs / 1000} s`,
              bootstrap.join(','),
            ),
          ),
        deadlineMs,
      );
    });
    const run = async (): Promise<T> => {
      try {
        return await body(await connected());
      } catch (error) {
        // An unknown topic in a call that names no topic is a remembered, since-deleted one: start clean.
        if (toKafkaPortError(error, bootstrap, errorContext(client)).kind !== 'not_found') throw error;
        replaceAdmin();
        return body(await connected());
      }
    };
    try {
      const result = await Promise.race([run(), deadline]);
      client.markAnswered();
      return result;
    } catch (error) {
      throw toKafkaPortError(error, bootstrap, errorContext(client));
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    describeCluster: () =>
      call('Describing the cluster', async (a) => {
        const c = await a.describeCluster();
        return {
          clusterId: c.clusterId,
          controllerId: c.controller,
          brokers: c.brokers.map((b) => ({ ...b })),
        };
      }),

    listTopics: () =>
      call('Listing topics', async (a) => {
        const { topics } = await a.fetchTopicMetadata();
        return topics.map((t) => ({
          name: t.name,
          internal: isInternalTopic(t.name),
          partitions: t.partitions
            .map((p) => ({
              partition: p.partitionId,
              leader: p.leader,
              replicas: [...p.replicas],
              isr: [...p.isr],
            }))
            .sort((x, y) => x.partition - y.partition),
        }));
      }),

    fetchWatermarks: (topics) =>
      call('Reading topic offsets', async (a) => {
        let answers = await readWatermarks(a, topics);
        if (answers.includes('missing')) {
          // One deleted topic can make the others fail too (see replaceAdmin): ask again on a clean client.
          replaceAdmin();
          answers = await readWatermarks(await connected(), topics);
          if (answers.includes('missing')) replaceAdmin();
        }
        // Deleted (or being deleted) since the caller listed them: left out.
        return answers.filter((w): w is TopicWatermarks => w !== 'missing');
      }),

    listGroups: () =>
      call('Listing consumer groups', async (a) => {
        const groups = await listWithTypes(groupProtocol, a);
        knownTypes.clear();
        for (const g of groups) knownTypes.set(g.groupId, g.groupType);
        return groups;
      }),

    describeGroups: (groupIds) =>
      call('Describing consumer groups', async (a) => {
        if (groupIds.length === 0) return [];
        try {
          return await describeBothProtocols(groupProtocol, groupIds, knownTypes, (ids) =>
            describeClassic(a, ids),
          );
        } catch (error) {
          throw await withCoordinatorReason(groupProtocol, groupIds, error);
        }
      }),

    fetchCommittedOffsets: (groupId) =>
      call('Reading committed offsets', async (a) => {
        // Without a topic list the broker answers for every topic the group has committed on.
        const topics = await a.fetchOffsets({ groupId });
        const result: CommittedOffset[] = [];
        for (const t of topics) {
          for (const p of t.partitions) {
            // kafkajs reports "no commit" as offset -1.
            result.push({
              topic: t.topic,
              partition: p.partition,
              offset: p.offset.startsWith('-') ? null : p.offset,
            });
          }
        }
        return result;
      }),

    ...(operations
      ? {
          authorizedOperations: (query: AuthorizedOperationsQuery) =>
            call('Asking the broker what you may do', () => operations.read(query)),
        }
      : {}),

    close: async () => {
      closed = true;
      await groupProtocol?.close();
      await operations?.close();
    },
  };
}
