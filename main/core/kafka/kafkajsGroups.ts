// ListGroups v5 and ConsumerGroupDescribe (KIP-848) sent over kafkajs's own broker connections, for the
// requests kafkajs 2.2.4 does not have (groupProtocolCodec.ts encodes and decodes them).
//
// kafkajs internals used (not public API; package.json pins kafkajs to exactly 2.2.4):
//   - the Kafka instance's 'private:Kafka:createCluster' (see directFetchReader.ts), for a cluster with
//     refreshMetadata, getNodeIds, findBroker and findGroupCoordinator;
//   - Broker#versions (the broker's ApiVersions answer, by API key), Broker#listGroups (the classic
//     ListGroups kafkajs speaks) and Broker#connectionPool.send({ request, response });
//   - kafkajs/src/protocol/error createErrorFromCode, so a broker error reads like any other kafkajs error.
// Each is feature-checked; when one is missing, or a broker does not advertise the version needed (Kafka
// before 4.0, or 3.7-3.9 without the new group coordinator), the caller uses kafkajs's classic calls and
// nothing is shown to the person: those brokers have no consumer-protocol groups.
import { AssignerProtocol, type Admin, type Kafka } from 'kafkajs';
import { internalClusterFactory } from './directFetchReader';
import { errorChain } from './kafkajsErrors';
import {
  CONSUMER_GROUP_DESCRIBE_API_KEY,
  CONSUMER_GROUP_DESCRIBE_VERSION,
  decodeConsumerGroupDescribeResponse,
  decodeListGroupsResponse,
  encodeConsumerGroupDescribeRequest,
  encodeListGroupsRequest,
  GROUP_ID_NOT_FOUND,
  GroupProtocolDecodeError,
  LIST_GROUPS_API_KEY,
  LIST_GROUPS_VERSION,
  loadKafkajsProtocol,
  type DescribedGroup,
  type ListedGroup,
} from './groupProtocolCodec';
import type { GroupDescription, GroupListing, GroupMember, GroupType } from './kafkaPort';
import { nodeRequire } from './nodeRequire';

/** Kafka's UNSUPPORTED_VERSION: a broker that advertises API 69 but has the new coordinator off. */
const UNSUPPORTED_VERSION = 35;

interface ApiRange {
  minVersion: number;
  maxVersion: number;
}
interface GroupsBroker {
  versions?: Record<number, ApiRange> | null;
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  findGroupCoordinator?(query: { groupId: string }): Promise<unknown>;
  connectionPool?: {
    send(request: {
      request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<unknown> };
      response: { decode(raw: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
    }): Promise<unknown>;
  };
}
interface GroupsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  getNodeIds(): Array<string | number>;
  findBroker(query: { nodeId: number }): Promise<GroupsBroker>;
  findGroupCoordinator(query: { groupId: string }): Promise<GroupsBroker & { nodeId: number }>;
}

export interface GroupProtocolClient {
  /**
   * Every group on every broker with its type ("classic"/"consumer") and state. A broker without
   * ListGroups v5 is asked the classic way; its groups are classic (older brokers have no other kind).
   */
  listGroups(): Promise<ListedGroup[]>;
  /**
   * ConsumerGroupDescribe for each group, on its coordinator. Answers only consumer-protocol groups; a
   * classic or missing group (GROUP_ID_NOT_FOUND) and a coordinator without API 69 are left out, for the
   * caller's classic describe.
   */
  describeConsumerGroups(groupIds: readonly string[]): Promise<Map<string, DescribedGroup>>;
  /**
   * Why no broker named a coordinator for the group: one broker's own FindCoordinator error (such as
   * GROUP_AUTHORIZATION_FAILED), which kafkajs's cluster swallows into "Failed to find group coordinator".
   * Null when the broker answers with a coordinator.
   */
  coordinatorError(groupId: string): Promise<Error | null>;
  close(): Promise<void>;
}

function supports(broker: GroupsBroker, apiKey: number, version: number): boolean {
  const range = broker.versions?.[apiKey];
  return Boolean(range && range.minVersion <= version && range.maxVersion >= version);
}

type ErrorFromCode = (code: number) => Error;

function loadErrorFromCode(): ErrorFromCode | null {
  try {
    const { createErrorFromCode } = nodeRequire()('kafkajs/src/protocol/error') as {
      createErrorFromCode?: unknown;
    };
    return typeof createErrorFromCode === 'function' ? (createErrorFromCode as ErrorFromCode) : null;
  } catch {
    return null;
  }
}

/** The client on this kafkajs instance, or null when the internals it needs are not there. */
export function createGroupProtocolClient(kafka: Kafka): GroupProtocolClient | null {
  const factory = internalClusterFactory(kafka);
  const wire = loadKafkajsProtocol();
  const errorFromCode = loadErrorFromCode();
  if (!factory || !wire || !errorFromCode) return null;
  const createCluster = factory as unknown as (options: {
    allowAutoTopicCreation: boolean;
    isolationLevel: number;
  }) => GroupsCluster;
  const { Encoder } = wire;
  const toError: ErrorFromCode = errorFromCode;

  let cluster: Promise<GroupsCluster> | undefined;
  const getCluster = () =>
    (cluster ??= (async () => {
      const c = createCluster({ allowAutoTopicCreation: false, isolationLevel: 1 });
      await c.connect();
      return c;
    })().catch((error: unknown) => {
      cluster = undefined;
      throw error;
    }));

  /** One request over the broker's connection: `body` already holds the header's tagged fields. */
  const send = async <T>(
    broker: GroupsBroker,
    apiKey: number,
    apiVersion: number,
    apiName: string,
    body: Buffer,
    decode: (payload: Buffer) => T,
  ): Promise<T> => {
    if (!broker.connectionPool) throw new Error('kafkajs broker has no connection pool');
    return (await broker.connectionPool.send({
      request: {
        apiKey,
        apiVersion,
        apiName,
        encode: async () => {
          const encoder = new Encoder() as unknown as { writeBuffer(b: Buffer): unknown };
          encoder.writeBuffer(body);
          return encoder;
        },
      },
      response: { decode: async (raw: Buffer) => decode(raw), parse: async (data: unknown) => data },
    })) as T;
  };

  async function listOn(broker: GroupsBroker): Promise<ListedGroup[]> {
    if (!supports(broker, LIST_GROUPS_API_KEY, LIST_GROUPS_VERSION) || !broker.connectionPool) {
      const { groups } = await broker.listGroups();
      return groups.map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        groupState: '',
        groupType: 'classic',
      }));
    }
    const response = await send(
      broker,
      LIST_GROUPS_API_KEY,
      LIST_GROUPS_VERSION,
      'ListGroups',
      encodeListGroupsRequest(),
      decodeListGroupsResponse,
    );
    if (response.errorCode !== 0) throw toError(response.errorCode);
    return response.groups;
  }

  async function describeOn(broker: GroupsBroker, groupIds: string[]): Promise<DescribedGroup[]> {
    if (
      !supports(broker, CONSUMER_GROUP_DESCRIBE_API_KEY, CONSUMER_GROUP_DESCRIBE_VERSION) ||
      !broker.connectionPool
    )
      return [];
    const response = await send(
      broker,
      CONSUMER_GROUP_DESCRIBE_API_KEY,
      CONSUMER_GROUP_DESCRIBE_VERSION,
      'ConsumerGroupDescribe',
      encodeConsumerGroupDescribeRequest(groupIds),
      decodeConsumerGroupDescribeResponse,
    );
    const found: DescribedGroup[] = [];
    for (const group of response.groups) {
      if (leftForClassic(group.errorCode)) continue;
      if (group.errorCode !== 0) throw toError(group.errorCode);
      found.push(group);
    }
    return found;
  }

  return {
    async listGroups() {
      const c = await getCluster();
      await c.refreshMetadata();
      const seen = new Map<string, ListedGroup>();
      for (const nodeId of c.getNodeIds()) {
        const broker = await c.findBroker({ nodeId: Number(nodeId) });
        for (const g of await listOn(broker)) seen.set(g.groupId, g);
      }
      return [...seen.values()];
    },

    async describeConsumerGroups(groupIds) {
      const answers = new Map<string, DescribedGroup>();
      if (groupIds.length === 0) return answers;
      const c = await getCluster();
      const byCoordinator = new Map<number, { broker: GroupsBroker; ids: string[] }>();
      // One FindCoordinator per group, in parallel (as kafkajs's own describeGroups does).
      const coordinators = await Promise.all(groupIds.map((groupId) => c.findGroupCoordinator({ groupId })));
      groupIds.forEach((groupId, i) => {
        const broker = coordinators[i]!;
        const entry = byCoordinator.get(broker.nodeId) ?? { broker, ids: [] };
        entry.ids.push(groupId);
        byCoordinator.set(broker.nodeId, entry);
      });
      const described = await Promise.all(
        [...byCoordinator.values()].map(({ broker, ids }) => describeOn(broker, ids)),
      );
      for (const group of described.flat()) answers.set(group.groupId, group);
      return answers;
    },

    async coordinatorError(groupId) {
      const c = await getCluster();
      if (c.getNodeIds().length === 0) await c.refreshMetadata();
      const [nodeId] = c.getNodeIds();
      if (nodeId === undefined) return null;
      const broker = await c.findBroker({ nodeId: Number(nodeId) });
      if (!broker.findGroupCoordinator) return null;
      try {
        await broker.findGroupCoordinator({ groupId });
        return null;
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    },

    async close() {
      const current = cluster;
      cluster = undefined;
      await current?.then((c) => c.disconnect()).catch(() => undefined);
    },
  };
}

/**
 * Per-group ConsumerGroupDescribe errors that hand the group to the classic describe instead of failing the
 * call: a classic or missing group (GROUP_ID_NOT_FOUND), an old coordinator (UNSUPPORTED_VERSION), and a
 * coordinator that is moving or still loading its offsets partition (COORDINATOR_LOAD_IN_PROGRESS 14,
 * COORDINATOR_NOT_AVAILABLE 15, NOT_COORDINATOR 16), which kafkajs's classic call retries by itself; a fresh
 * broker answers NOT_COORDINATOR for a while.
 */
export function leftForClassic(errorCode: number): boolean {
  return (
    errorCode === GROUP_ID_NOT_FOUND ||
    errorCode === UNSUPPORTED_VERSION ||
    errorCode === 14 ||
    errorCode === 15 ||
    errorCode === 16
  );
}

/**
 * kafkajs's cluster says "Failed to find group coordinator" whatever each broker answered; the broker's own
 * FindCoordinator error for one of the groups (GROUP_AUTHORIZATION_FAILED for a group the principal may not
 * describe) replaces it, so the person reads the reason. Any other error is kept as it is.
 */
export async function withCoordinatorReason(
  client: GroupProtocolClient | null,
  groupIds: readonly string[],
  error: unknown,
): Promise<unknown> {
  const notFound = errorChain(error).some((e) => e.name === 'KafkaJSGroupCoordinatorNotFound');
  if (!client || !notFound) return error;
  for (const groupId of groupIds) {
    const reason = await client.coordinatorError(groupId).catch(() => null);
    if (reason) return reason;
  }
  return error;
}

/** Every group with its type: ListGroups v5 where it can be sent, else kafkajs's classic list. */
export async function listWithTypes(
  client: GroupProtocolClient | null,
  admin: Pick<Admin, 'listGroups'>,
): Promise<GroupListing[]> {
  if (client) {
    const groups = await client.listGroups();
    return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupType: g.groupType }));
  }
  const { groups } = await admin.listGroups();
  return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupType: 'classic' }));
}

/** A ConsumerGroupDescribe answer in the port's shape. */
export function consumerGroupDescription(g: DescribedGroup): GroupDescription {
  const topics = (assigned: DescribedGroup['members'][number]['assignment']) =>
    assigned.map((t) => ({ topic: t.topicName, partitions: [...t.partitions].sort((x, y) => x - y) }));
  return {
    groupId: g.groupId,
    state: g.groupState,
    protocol: g.assignorName,
    protocolType: 'consumer',
    groupType: 'consumer',
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: topics(m.assignment),
      memberEpoch: m.memberEpoch,
      targetAssignment: topics(m.targetAssignment),
    })),
  };
}

/**
 * One describe for both protocols, answered in the order asked: ConsumerGroupDescribe first for every group
 * not known to be classic, then the classic describe for the rest (classic groups, missing groups, and all
 * groups when the broker has no API 69 or its answer does not parse: the classic view, and no error).
 */
export async function describeBothProtocols(
  client: GroupProtocolClient | null,
  groupIds: readonly string[],
  knownTypes: ReadonlyMap<string, GroupType>,
  describeClassic: (groupIds: string[]) => Promise<GroupDescription[]>,
): Promise<GroupDescription[]> {
  const candidates = client ? groupIds.filter((id) => knownTypes.get(id) !== 'classic') : [];
  let consumer = new Map<string, DescribedGroup>();
  if (client && candidates.length > 0) {
    try {
      consumer = await client.describeConsumerGroups(candidates);
    } catch (error) {
      if (!(error instanceof GroupProtocolDecodeError)) throw error;
    }
  }
  const rest = groupIds.filter((id) => !consumer.has(id));
  const classic = new Map((rest.length > 0 ? await describeClassic(rest) : []).map((d) => [d.groupId, d]));
  return groupIds.flatMap((id) => {
    const found = consumer.get(id);
    if (found) return [consumerGroupDescription(found)];
    return classic.get(id) ?? [];
  });
}

/** kafkajs's classic DescribeGroups in the port's shape (members' assignments decoded for consumer groups). */
export async function describeClassic(
  admin: Pick<Admin, 'describeGroups'>,
  groupIds: string[],
): Promise<GroupDescription[]> {
  const { groups } = await admin.describeGroups(groupIds);
  return groups.map((g) => ({
    groupId: g.groupId,
    state: g.state,
    protocol: g.protocol,
    protocolType: g.protocolType,
    groupType: 'classic',
    groupEpoch: null,
    assignmentEpoch: null,
    members: g.members.map((m): GroupMember => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: g.protocolType === 'consumer' ? decodeAssignment(m.memberAssignment) : [],
      memberEpoch: null,
      targetAssignment: null,
    })),
  }));
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
