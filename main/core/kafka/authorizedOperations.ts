// KIP-430: ask the broker what the connected principal may do. kafkajs 2.2.4 sends Metadata up to v6 and
// DescribeGroups up to v2, which have no authorized-operations fields, so this sends Metadata v8 (with
// include_cluster_authorized_operations and include_topic_authorized_operations) and DescribeGroups v3 (with
// include_authorized_operations) itself, over kafkajs's own authenticated broker connections.
//
// Like directFetchReader.ts it relies on kafkajs internals (package.json pins kafkajs to 2.2.4):
//   - the Kafka instance's symbol-keyed method described 'private:Kafka:createCluster' (connect, disconnect,
//     getNodeIds, findBroker, findGroupCoordinator);
//   - Broker#versions (the ApiVersions answer) and Broker#connectionPool.send({ request, response });
//   - kafkajs/src/protocol/encoder, kafkajs/src/protocol/decoder and kafkajs/src/protocol/error (code -> name).
// Each is feature-checked; when one is missing the reader is null and the console says it cannot tell.
import type { Kafka } from 'kafkajs';
import { nodeRequire } from './nodeRequire';

export interface AuthorizedOperationsQuery {
  topics: string[];
  groups: string[];
}

export interface ResourceOperations {
  name: string;
  /** The protocol error the broker answered for this resource (TOPIC_AUTHORIZATION_FAILED, ...), or null. */
  error: string | null;
  /** The KIP-430 bitfield (Integer.MIN_VALUE when the broker did not say). */
  bits: number;
}

export interface AuthorizedOperationsAnswer {
  cluster: number;
  topics: ResourceOperations[];
  groups: ResourceOperations[];
  /** Set when the broker cannot answer KIP-430 questions (too old, or no broker listed): why. */
  unsupported?: string;
}

export interface AuthorizedOperationsReader {
  read(query: AuthorizedOperationsQuery): Promise<AuthorizedOperationsAnswer>;
  close(): Promise<void>;
}

const METADATA = 3;
const DESCRIBE_GROUPS = 15;
const METADATA_VERSION = 8;
const DESCRIBE_GROUPS_VERSION = 3;
const UNKNOWN = -2147483648;
/**
 * A coordinator that is loading or moving answers one of these (kafkajs's names for codes 14, 15, 16); it is
 * asked again, a few times, not forever.
 */
const COORDINATOR_MOVING = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]);
const COORDINATOR_ATTEMPTS = 6;
const COORDINATOR_BACKOFF_MS = 250;

interface Encoder {
  writeArray(values: string[], type?: 'string'): Encoder;
  writeBoolean(value: boolean): Encoder;
}
interface Decoder {
  readInt16(): number;
  readInt32(): number;
  readString(): string | null;
  readBoolean(): boolean;
  readBytes(): Buffer;
  readArray<T>(reader: (d: Decoder) => T): T[];
}
interface ProtocolRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<Encoder> };
  response: { decode: (raw: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
}
interface InternalBroker {
  nodeId?: number;
  versions?: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool?: { send(request: ProtocolRequest): Promise<unknown> };
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  getNodeIds(): number[];
  findBroker(query: { nodeId: number }): Promise<InternalBroker>;
  findGroupCoordinator(query: { groupId: string }): Promise<InternalBroker>;
}
interface Internals {
  Encoder: new () => Encoder;
  Decoder: new (raw: Buffer) => Decoder;
  errorName: (code: number) => string;
}

function loadInternals(): Internals | null {
  try {
    const require = nodeRequire();
    const Encoder: unknown = require('kafkajs/src/protocol/encoder');
    const Decoder: unknown = require('kafkajs/src/protocol/decoder');
    const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
      createErrorFromCode?: (code: number) => { type?: string };
    };
    if (
      typeof Encoder !== 'function' ||
      typeof Decoder !== 'function' ||
      typeof createErrorFromCode !== 'function'
    )
      return null;
    return {
      Encoder: Encoder as Internals['Encoder'],
      Decoder: Decoder as Internals['Decoder'],
      errorName: (code) => createErrorFromCode(code).type ?? `error code ${code}`,
    };
  } catch {
    return null;
  }
}

function clusterFactory(kafka: Kafka): (() => InternalCluster) | null {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const factory: unknown = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== 'function') return null;
  return () =>
    (factory as (o: { allowAutoTopicCreation: boolean }) => InternalCluster).call(kafka, {
      allowAutoTopicCreation: false,
    });
}

/** Metadata v8 request and response (non-flexible): the fields before the operations are read and dropped. */
function metadataRequest(x: Internals, topics: string[]): ProtocolRequest {
  const readPartition = (d: Decoder) => {
    d.readInt16();
    d.readInt32();
    d.readInt32();
    d.readInt32(); // leader epoch (v7+)
    d.readArray((e) => e.readInt32());
    d.readArray((e) => e.readInt32());
    d.readArray((e) => e.readInt32()); // offline replicas (v5+)
  };
  return {
    request: {
      apiKey: METADATA,
      apiVersion: METADATA_VERSION,
      apiName: 'Metadata',
      encode: async () =>
        new x.Encoder()
          .writeArray(topics, 'string')
          .writeBoolean(false) // allow_auto_topic_creation
          .writeBoolean(true) // include_cluster_authorized_operations
          .writeBoolean(true), // include_topic_authorized_operations
    },
    response: {
      decode: async (raw) => {
        const d = new x.Decoder(raw);
        d.readInt32(); // throttle
        d.readArray((b) => [b.readInt32(), b.readString(), b.readInt32(), b.readString()]);
        d.readString(); // cluster id
        d.readInt32(); // controller id
        const topicsOut = d.readArray((t): ResourceOperations => {
          const code = t.readInt16();
          const name = t.readString() ?? '';
          t.readBoolean();
          t.readArray(readPartition);
          return { name, error: code === 0 ? null : x.errorName(code), bits: t.readInt32() };
        });
        return { topics: topicsOut, cluster: d.readInt32() };
      },
      parse: async (data) => data,
    },
  };
}

function describeGroupsRequest(x: Internals, groups: string[]): ProtocolRequest {
  return {
    request: {
      apiKey: DESCRIBE_GROUPS,
      apiVersion: DESCRIBE_GROUPS_VERSION,
      apiName: 'DescribeGroups',
      encode: async () => new x.Encoder().writeArray(groups, 'string').writeBoolean(true),
    },
    response: {
      decode: async (raw) => {
        const d = new x.Decoder(raw);
        d.readInt32(); // throttle
        return d.readArray((g): ResourceOperations => {
          const code = g.readInt16();
          const name = g.readString() ?? '';
          g.readString(); // state
          g.readString(); // protocol type
          g.readString(); // protocol
          g.readArray((m) => [m.readString(), m.readString(), m.readString(), m.readBytes(), m.readBytes()]);
          return { name, error: code === 0 ? null : x.errorName(code), bits: g.readInt32() };
        });
      },
      parse: async (data) => data,
    },
  };
}

/** The protocol error name a kafkajs failure carries (GROUP_AUTHORIZATION_FAILED), or its message. */
const errorType = (error: unknown): string => {
  const e = error as { type?: unknown; message?: unknown };
  return typeof e.type === 'string' ? e.type : String(e.message ?? error);
};

function supports(broker: InternalBroker, apiKey: number, version: number): boolean {
  const range = broker.versions?.[apiKey];
  return !range || (range.minVersion <= version && version <= range.maxVersion);
}

class AuthorizedOperationsUnsupported extends Error {
  override readonly name = 'AuthorizedOperationsUnsupported';
}

/** A reader on this client's configuration (same servers, TLS and SASL); null when kafkajs's internals are not there. */
export function createAuthorizedOperationsReader(kafka: Kafka): AuthorizedOperationsReader | null {
  const internals = loadInternals();
  const create = clusterFactory(kafka);
  if (!internals || !create) return null;
  const x = internals;
  let cluster: Promise<InternalCluster> | undefined;
  const connected = () =>
    (cluster ??= (async () => {
      const c = create();
      await c.connect();
      // connect() dials the seed broker only; the broker list comes with the first metadata.
      await c.refreshMetadata();
      return c;
    })().catch((error: unknown) => {
      cluster = undefined;
      throw error;
    }));

  const send = async <T>(broker: InternalBroker, request: ProtocolRequest, version: number): Promise<T> => {
    if (!broker.connectionPool || !supports(broker, request.request.apiKey, version))
      throw new AuthorizedOperationsUnsupported(
        `the broker does not answer ${request.request.apiName} v${version} (KIP-430 authorized operations)`,
      );
    return (await broker.connectionPool.send(request)) as T;
  };

  async function readGroup(c: InternalCluster, groupId: string): Promise<ResourceOperations> {
    let answer: ResourceOperations = { name: groupId, error: 'no answer for the group', bits: UNKNOWN };
    for (let attempt = 0; attempt < COORDINATOR_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((ok) => setTimeout(ok, COORDINATOR_BACKOFF_MS * attempt));
      let coordinator: InternalBroker;
      try {
        coordinator = await c.findGroupCoordinator({ groupId });
      } catch (error) {
        return { name: groupId, error: errorType(error), bits: UNKNOWN };
      }
      const answers = await send<ResourceOperations[]>(
        coordinator,
        describeGroupsRequest(x, [groupId]),
        DESCRIBE_GROUPS_VERSION,
      );
      answer = answers[0] ?? answer;
      // A fresh or failing-over broker answers these for a while: ask the (possibly new) coordinator again.
      if (!answer.error || !COORDINATOR_MOVING.has(answer.error)) return answer;
    }
    return answer;
  }

  async function readGroups(c: InternalCluster, groups: string[]): Promise<ResourceOperations[]> {
    const out: ResourceOperations[] = [];
    for (const groupId of groups) out.push(await readGroup(c, groupId));
    return out;
  }

  async function readAll(query: AuthorizedOperationsQuery): Promise<AuthorizedOperationsAnswer> {
    const c = await connected();
    const nodeId = c.getNodeIds()[0];
    if (nodeId === undefined) throw new AuthorizedOperationsUnsupported('the cluster listed no broker');
    const broker = await c.findBroker({ nodeId });
    // An empty topic array asks about no topic (null would ask about all): the cluster's operations still come.
    const metadata = await send<{ topics: ResourceOperations[]; cluster: number }>(
      broker,
      metadataRequest(x, query.topics),
      METADATA_VERSION,
    );
    return { cluster: metadata.cluster, topics: metadata.topics, groups: await readGroups(c, query.groups) };
  }

  return {
    async read(query) {
      try {
        return await readAll(query);
      } catch (error) {
        if (error instanceof AuthorizedOperationsUnsupported)
          return { cluster: UNKNOWN, topics: [], groups: [], unsupported: error.message };
        throw error;
      }
    },
    async close() {
      const c = cluster;
      cluster = undefined;
      if (c) await (await c.catch(() => null))?.disconnect().catch(() => undefined);
    },
  };
}
