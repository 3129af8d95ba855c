// The choice between the KIP-848 requests and the classic ones, over stand-ins for kafkajs's internal
// cluster and brokers (pure routing logic; the real broker is in groups/groupProtocols.int.test.ts).
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  consumerGroupDescription,
  createGroupProtocolClient,
  describeBothProtocols,
  leftForClassic,
  withCoordinatorReason,
  type GroupProtocolClient,
} from './kafkajsGroups';
import { GroupProtocolDecodeError, type DescribedGroup } from './groupProtocolCodec';
import type { GroupDescription } from './kafkaPort';

interface FakeBroker {
  nodeId: number;
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  sent: number[];
  listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
  connectionPool: { send(request: { request: { apiKey: number } }): Promise<unknown> };
}

/** A kafkajs Kafka object whose private cluster factory hands out one broker with the given API versions. */
function kafkaWithBroker(versions: FakeBroker['versions']): { kafka: Kafka; broker: FakeBroker } {
  const broker: FakeBroker = {
    nodeId: 1,
    versions,
    sent: [],
    listGroups: async () => ({ groups: [{ groupId: 'old-group', protocolType: 'consumer' }] }),
    connectionPool: {
      send: async ({ request }) => {
        broker.sent.push(request.apiKey);
        throw new Error('this broker must not be sent a KIP-848 request');
      },
    },
  };
  const cluster = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    refreshMetadata: async () => undefined,
    getNodeIds: () => ['1'],
    findBroker: async () => broker,
    findGroupCoordinator: async () => broker,
  };
  const kafka = { [Symbol('private:Kafka:createCluster')]: () => cluster } as unknown as Kafka;
  return { kafka, broker };
}

const classic = (groupId: string): GroupDescription => ({
  groupId,
  state: 'Stable',
  protocol: 'range',
  protocolType: 'consumer',
  groupType: 'classic',
  groupEpoch: null,
  assignmentEpoch: null,
  members: [],
});

describe('a broker without the KIP-848 APIs (Kafka before 4.0)', () => {
  // What Kafka 3.6 advertises for these keys: ListGroups up to v4, no ConsumerGroupDescribe (69).
  const old = { 16: { minVersion: 0, maxVersion: 4 } };

  it('lists through the classic ListGroups and calls every group classic', async () => {
    const { kafka, broker } = kafkaWithBroker(old);
    const client = createGroupProtocolClient(kafka)!;
    expect(client).not.toBeNull();
    expect(await client.listGroups()).toEqual([
      { groupId: 'old-group', protocolType: 'consumer', groupState: '', groupType: 'classic' },
    ]);
    expect(broker.sent).toEqual([]);
  });

  it('describes through the classic DescribeGroups, with no error and nothing sent to API 69', async () => {
    const { kafka, broker } = kafkaWithBroker(old);
    const client = createGroupProtocolClient(kafka);
    const asked: string[][] = [];
    const described = await describeBothProtocols(client, ['a', 'b'], new Map(), async (ids) => {
      asked.push(ids);
      return ids.map(classic);
    });
    expect(described.map((d) => [d.groupId, d.state, d.groupType])).toEqual([
      ['a', 'Stable', 'classic'],
      ['b', 'Stable', 'classic'],
    ]);
    expect(asked).toEqual([['a', 'b']]);
    expect(broker.sent).toEqual([]);
  });
});

const newGroup: DescribedGroup = {
  errorCode: 0,
  errorMessage: null,
  groupId: 'new',
  groupState: 'Stable',
  groupEpoch: 3,
  assignmentEpoch: 3,
  assignorName: 'uniform',
  authorizedOperations: -2147483648,
  members: [
    {
      memberId: 'm1',
      instanceId: null,
      rackId: null,
      memberEpoch: 3,
      clientId: 'console-consumer',
      clientHost: '/127.0.0.1',
      subscribedTopicNames: ['orders'],
      subscribedTopicRegex: null,
      assignment: [{ topicId: '00', topicName: 'orders', partitions: [2, 0] }],
      targetAssignment: [{ topicId: '00', topicName: 'orders', partitions: [0, 1, 2] }],
    },
  ],
};

function fakeClient(describe: GroupProtocolClient['describeConsumerGroups']): GroupProtocolClient & {
  asked: string[][];
} {
  const asked: string[][] = [];
  return {
    asked,
    listGroups: async () => [],
    describeConsumerGroups: async (ids) => {
      asked.push([...ids]);
      return describe(ids);
    },
    coordinatorError: async (groupId) =>
      groupId === 'denied'
        ? Object.assign(new Error('Not authorized'), { type: 'GROUP_AUTHORIZATION_FAILED' })
        : null,
    close: async () => undefined,
  };
}

describe('one describe for both protocols', () => {
  it('answers consumer-protocol groups from ConsumerGroupDescribe and the rest classically, in the order asked', async () => {
    const client = fakeClient(async () => new Map([['new', newGroup]]));
    const classicAsked: string[][] = [];
    const described = await describeBothProtocols(
      client,
      ['old', 'new', 'known-classic'],
      new Map([['known-classic', 'classic']]),
      async (ids) => {
        classicAsked.push(ids);
        return ids.map(classic);
      },
    );
    expect(described.map((d) => d.groupId)).toEqual(['old', 'new', 'known-classic']);
    // A group the listing called classic is not asked through API 69 at all.
    expect(client.asked).toEqual([['old', 'new']]);
    expect(classicAsked).toEqual([['old', 'known-classic']]);
    expect(described[1]).toEqual(consumerGroupDescription(newGroup));
    expect(described[1]).toMatchObject({
      state: 'Stable',
      protocol: 'uniform',
      groupType: 'consumer',
      groupEpoch: 3,
      members: [
        {
          memberId: 'm1',
          clientId: 'console-consumer',
          host: '/127.0.0.1',
          memberEpoch: 3,
          assignment: [{ topic: 'orders', partitions: [0, 2] }],
          targetAssignment: [{ topic: 'orders', partitions: [0, 1, 2] }],
        },
      ],
    });
  });

  it('falls back to the classic view when the ConsumerGroupDescribe answer does not parse', async () => {
    const client = fakeClient(async () => {
      throw new GroupProtocolDecodeError('ConsumerGroupDescribe v0: response ends inside Groups[0]');
    });
    const described = await describeBothProtocols(client, ['g'], new Map(), async (ids) => ids.map(classic));
    expect(described.map((d) => d.groupType)).toEqual(['classic']);
  });

  it('lets a connection failure through: that is not a missing API', async () => {
    const client = fakeClient(async () => {
      throw new Error('Connection error: connect ECONNREFUSED');
    });
    await expect(
      describeBothProtocols(client, ['g'], new Map(), async (ids) => ids.map(classic)),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('per-group ConsumerGroupDescribe errors', () => {
  it('hands classic, missing and coordinator-moving groups to the classic describe, and fails on the rest', () => {
    // GROUP_ID_NOT_FOUND, UNSUPPORTED_VERSION, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR
    for (const code of [69, 35, 14, 15, 16]) expect(leftForClassic(code)).toBe(true);
    // GROUP_AUTHORIZATION_FAILED, INVALID_GROUP_ID, an unknown server error
    for (const code of [30, 24, -1]) expect(leftForClassic(code)).toBe(false);
  });
});

describe('a group no broker names a coordinator for', () => {
  const notFound = Object.assign(new Error('Failed to find group coordinator'), {
    name: 'KafkaJSGroupCoordinatorNotFound',
  });
  it("is said with the broker's own FindCoordinator error", async () => {
    const client = fakeClient(async () => new Map());
    const wrapped = Object.assign(new Error('retries'), {
      name: 'KafkaJSNumberOfRetriesExceeded',
      cause: notFound,
    });
    const reason = await withCoordinatorReason(client, ['allowed', 'denied'], wrapped);
    expect(reason).toMatchObject({ type: 'GROUP_AUTHORIZATION_FAILED' });
  });
  it('keeps any other error, and the original when the broker names a coordinator after all', async () => {
    const client = fakeClient(async () => new Map());
    const other = new Error('Connection timeout');
    expect(await withCoordinatorReason(client, ['denied'], other)).toBe(other);
    expect(await withCoordinatorReason(client, ['allowed'], notFound)).toBe(notFound);
    expect(await withCoordinatorReason(null, ['denied'], notFound)).toBe(notFound);
  });
});
