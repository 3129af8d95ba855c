// KafkaPort implemented with kafkajs. kafkajs types and error classes never leave this folder.
import { AssignerProtocol, Kafka, logLevel, type Admin, type LogEntry } from 'kafkajs';
import {
  KafkaPortError,
  type CommittedOffset,
  type GroupMember,
  type KafkaFailureKind,
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

export function createKafkajsAdapter(bootstrap: string[], options: KafkajsAdapterOptions = {}): KafkaPort {
  const deadlineMs = options.callDeadlineMs ?? 8_000;
  const retry = { retries: 1, initialRetryTime: 200, maxRetryTime: 1_000 };
  const kafka = new Kafka({
    clientId: options.clientId ?? 'eventdesk-console',
    brokers: bootstrap,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 5_000,
    enforceRequestTimeout: true,
    retry,
    logLevel: options.log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      const level =
        entry.level >= logLevel.DEBUG
          ? 'debug'
          : entry.level >= logLevel.INFO
            ? 'info'
            : entry.level >= logLevel.WARN
              ? 'warn'
              : 'error';
      options.log?.(level, `${entry.namespace}: ${entry.log.message}`);
    },
  });
  let admin: Admin = kafka.admin({ retry });
  let connecting: Promise<void> | null = null;
  let closed = false;

  const connected = async (): Promise<Admin> => {
    if (closed) throw new KafkaPortError('other', 'This Kafka connection was closed.');
    const current = admin;
    connecting ??= current.connect().catch((error: unknown) => {
      // Forget the failed attempt so the next call dials again.
      connecting = null;
      throw error;
    });
    await connecting;
    return current;
  };

  /**
   * kafkajs remembers every topic it fetched offsets for and puts them all in each later metadata request;
   * once one of them is deleted elsewhere, every refresh fails with UNKNOWN_TOPIC_OR_PARTITION. A fresh
   * admin client forgets them.
   */
  const replaceAdmin = () => {
    const old = admin;
    admin = kafka.admin({ retry });
    connecting = null;
    void old.disconnect().catch(() => undefined);
  };

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
        if (translateKafkajsError(error, bootstrap).kind === 'not_found') return 'missing';
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
        if (translateKafkajsError(error, bootstrap).kind !== 'not_found') throw error;
        replaceAdmin();
        return body(await connected());
      }
    };
    try {
      return await Promise.race([run(), deadline]);
    } catch (error) {
      throw translateKafkajsError(error, bootstrap);
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
        const { groups } = await a.listGroups();
        return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType }));
      }),

    describeGroups: (groupIds) =>
      call('Describing consumer groups', async (a) => {
        if (groupIds.length === 0) return [];
        const { groups } = await a.describeGroups(groupIds);
        return groups.map((g) => ({
          groupId: g.groupId,
          state: g.state,
          protocol: g.protocol,
          protocolType: g.protocolType,
          members: g.members.map((m): GroupMember => ({
            memberId: m.memberId,
            clientId: m.clientId,
            host: m.clientHost,
            assignment: g.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment) : [],
          })),
        }));
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

    close: async () => {
      closed = true;
      await admin.disconnect().catch(() => undefined);
    },
  };
}

function decodeAssignment(buffer: Buffer): GroupMember['assignment'] {
  if (!buffer || buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    if (!decoded) return [];
    return Object.entries(decoded.assignment).map(([topic, partitions]) => ({
      topic,
      partitions: [...partitions],
    }));
  } catch {
    // A non-standard assignor may use its own format; the lag numbers do not depend on it.
    return [];
  }
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  broker?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** kafkajs wraps the interesting error (e.g. ECONNREFUSED) inside retry and non-retriable wrappers. */
function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    const e = current as ErrorLike;
    chain.push(e);
    current = e.cause ?? e.originalError;
    if (current === e) break;
  }
  return chain;
}

const notFoundTypes = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'GROUP_ID_NOT_FOUND', 'UNKNOWN_TOPIC_ID']);
const authTypes = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
]);

function classify(e: ErrorLike): KafkaFailureKind | null {
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const type = typeof e.type === 'string' ? e.type : '';
  if (e instanceof KafkaPortError) return e.kind;
  if (name === 'KafkaJSSASLAuthenticationError' || authTypes.has(type)) return 'auth';
  // A topic deleted between listing and reading: kafkajs's refreshed metadata simply lacks it.
  if (notFoundTypes.has(type) || name === 'KafkaJSTopicMetadataNotLoaded') return 'not_found';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/.test(message)) return 'dns';
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|certificate|SSL routines/i.test(`${code} ${message}`)
  )
    return 'tls';
  if (name === 'KafkaJSRequestTimeoutError' || /timeout|timed out|ETIMEDOUT/i.test(`${code} ${message}`))
    return 'timeout';
  if (
    name === 'KafkaJSConnectionClosedError' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection closed/i.test(message)
  ) {
    return 'connection_closed';
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'timeout';
  return null;
}

export function translateKafkajsError(error: unknown, bootstrap: string[]): KafkaPortError {
  if (error instanceof KafkaPortError) return error;
  const chain = errorChain(error);
  for (const e of chain) {
    const kind = classify(e);
    if (kind) {
      const broker =
        chain.map((c) => c.broker).find((b): b is string => typeof b === 'string') ?? bootstrap.join(',');
      const message = typeof e.message === 'string' ? e.message : String(error);
      return new KafkaPortError(kind, message, broker, { cause: error });
    }
  }
  const top = chain[0];
  const message = top && typeof top.message === 'string' ? top.message : String(error);
  return new KafkaPortError('other', message, bootstrap.join(','), { cause: error });
}
