// The KIP-848 codec against bytes written out by hand from the protocol specs (not by the codec itself).
import { describe, expect, it } from 'vitest';
import {
  decodeConsumerGroupDescribeResponse,
  decodeListGroupsResponse,
  encodeConsumerGroupDescribeRequest,
  encodeListGroupsRequest,
  GroupProtocolDecodeError,
} from './groupProtocolCodec';

const int16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const int32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
/** A compact string: its byte length + 1 as one varint byte (every string here is short), then UTF-8. */
const cstr = (s: string) => [Buffer.byteLength(s) + 1, ...Buffer.from(s, 'utf8')];
const NULL = 0;
const NO_TAGS = 0;

describe('ListGroups v5', () => {
  it('encodes the request body as header tags, empty StatesFilter and TypesFilter, and tags', () => {
    expect([...encodeListGroupsRequest()]).toEqual([0x00, 0x01, 0x01, 0x00]);
  });

  it('decodes each group with its protocol type, state and group type', () => {
    const bytes = Buffer.from([
      NO_TAGS, // response header v1
      ...int32(7), // ThrottleTimeMs
      ...int16(0), // ErrorCode
      3, // Groups: 2 entries
      ...cstr('payments-new'),
      ...cstr('consumer'),
      ...cstr('Stable'),
      ...cstr('consumer'),
      NO_TAGS,
      ...cstr('ledger'),
      ...cstr('consumer'),
      ...cstr('Empty'),
      ...cstr('classic'),
      // one tagged field on this group (tag 5, 2 bytes) that the decoder must skip
      1,
      5,
      2,
      0xab,
      0xcd,
      NO_TAGS,
    ]);
    expect(decodeListGroupsResponse(bytes)).toEqual({
      throttleTimeMs: 7,
      errorCode: 0,
      groups: [
        { groupId: 'payments-new', protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' },
        { groupId: 'ledger', protocolType: 'consumer', groupState: 'Empty', groupType: 'classic' },
      ],
    });
  });

  it('names the field a truncated response ends in', () => {
    const bytes = Buffer.from([
      NO_TAGS,
      ...int32(0),
      ...int16(0),
      2,
      ...cstr('g'),
      ...cstr('consumer'),
      7,
      0x53,
    ]);
    expect(() => decodeListGroupsResponse(bytes)).toThrow(GroupProtocolDecodeError);
    expect(() => decodeListGroupsResponse(bytes)).toThrow(/Groups\[0\]\.GroupState/);
  });

  it('refuses bytes left over after the response', () => {
    const bytes = Buffer.from([NO_TAGS, ...int32(0), ...int16(0), 1, NO_TAGS, 0x99]);
    expect(() => decodeListGroupsResponse(bytes)).toThrow(/1 unexpected bytes/);
  });
});

describe('ConsumerGroupDescribe v0', () => {
  it('encodes header tags, the group ids as a compact array, IncludeAuthorizedOperations false, and tags', () => {
    expect([...encodeConsumerGroupDescribeRequest(['a', 'bc'])]).toEqual([
      0x00, 0x03, 0x02, 0x61, 0x03, 0x62, 0x63, 0x00, 0x00,
    ]);
  });

  const topicId = Array.from({ length: 16 }, (_, i) => i * 17);
  const assignment = (partitions: number[]) => [
    2, // TopicPartitions: 1 entry
    ...topicId,
    ...cstr('orders'),
    partitions.length + 1,
    ...partitions.flatMap(int32),
    NO_TAGS,
    NO_TAGS, // Assignment's own tags
  ];

  const response = Buffer.from([
    NO_TAGS,
    ...int32(0),
    3, // Groups: 2
    // a consumer-protocol group with one member
    ...int16(0),
    NULL, // ErrorMessage
    ...cstr('kip848-group'),
    ...cstr('Stable'),
    ...int32(4), // GroupEpoch
    ...int32(4), // AssignmentEpoch
    ...cstr('uniform'),
    2, // Members: 1
    ...cstr('Zq8Ri4x4Q5m2mA0v0Yx3Qw'),
    NULL, // InstanceId
    NULL, // RackId
    ...int32(9), // MemberEpoch
    ...cstr('console-consumer'),
    ...cstr('/127.0.0.1'),
    2,
    ...cstr('orders'),
    NULL, // SubscribedTopicRegex
    ...assignment([0, 2]),
    ...assignment([0, 1, 2]),
    NO_TAGS,
    ...int32(-2147483648), // AuthorizedOperations
    NO_TAGS,
    // a classic group, as the broker answers it: GROUP_ID_NOT_FOUND with a message
    ...int16(69),
    ...cstr('Group ledger is not a consumer group.'),
    ...cstr('ledger'),
    ...cstr(''),
    ...int32(-1),
    ...int32(-1),
    ...cstr(''),
    1, // Members: empty
    ...int32(-2147483648),
    NO_TAGS,
    NO_TAGS,
  ]);

  it('decodes state, epochs, assignor, and each member with client id, host and both assignments', () => {
    const decoded = decodeConsumerGroupDescribeResponse(response);
    expect(decoded.groups).toHaveLength(2);
    const [group, classic] = decoded.groups;
    expect(group).toEqual({
      errorCode: 0,
      errorMessage: null,
      groupId: 'kip848-group',
      groupState: 'Stable',
      groupEpoch: 4,
      assignmentEpoch: 4,
      assignorName: 'uniform',
      authorizedOperations: -2147483648,
      members: [
        {
          memberId: 'Zq8Ri4x4Q5m2mA0v0Yx3Qw',
          instanceId: null,
          rackId: null,
          memberEpoch: 9,
          clientId: 'console-consumer',
          clientHost: '/127.0.0.1',
          subscribedTopicNames: ['orders'],
          subscribedTopicRegex: null,
          assignment: [
            { topicId: '00112233445566778899aabbccddeeff', topicName: 'orders', partitions: [0, 2] },
          ],
          targetAssignment: [
            { topicId: '00112233445566778899aabbccddeeff', topicName: 'orders', partitions: [0, 1, 2] },
          ],
        },
      ],
    });
    expect(classic).toMatchObject({
      errorCode: 69,
      errorMessage: 'Group ledger is not a consumer group.',
      groupId: 'ledger',
      members: [],
    });
  });

  it('refuses a response cut inside a member, naming the field', () => {
    const cut = response.subarray(0, 60);
    expect(() => decodeConsumerGroupDescribeResponse(cut)).toThrow(
      /ConsumerGroupDescribe v0: response ends inside Groups\[0\]\.Members\[0\]/,
    );
  });
});
