// Two requests kafkajs 2.2.4 does not have, encoded and decoded with kafkajs's own protocol Encoder and
// Decoder (kafkajs/src/protocol/encoder and /decoder, internals like those directFetchReader.ts uses):
//   - ListGroups v5 (API 16, KIP-848): every group with its state and its type, "classic" or "consumer";
//   - ConsumerGroupDescribe v0 (API 69, KIP-848): a group on the new consumer protocol with its members,
//     their assignments and the group epoch (the classic DescribeGroups reports such a group as Dead).
// Both are flexible versions: compact strings and arrays (length + 1 as an unsigned varint, 0 = null) and
// tagged fields after every struct, and the request header (v2) and response header (v1) carry tagged
// fields too. kafkajs's createRequest writes header v1, so each encoded body starts with the header's empty
// tagged-field section; kafkajs hands the decoder the response after the correlation id, so each decoder
// first skips the response header's tagged fields. Field order follows the JSON specs in apache/kafka
// (clients/src/main/resources/common/message/ListGroups*.json, ConsumerGroupDescribe*.json).
import { nodeRequire } from './nodeRequire';

export const LIST_GROUPS_API_KEY = 16;
export const LIST_GROUPS_VERSION = 5;
export const CONSUMER_GROUP_DESCRIBE_API_KEY = 69;
export const CONSUMER_GROUP_DESCRIBE_VERSION = 0;
/** Kafka's GROUP_ID_NOT_FOUND: ConsumerGroupDescribe's answer for a classic group or a missing one. */
export const GROUP_ID_NOT_FOUND = 69;

interface KafkajsEncoder {
  writeInt8(value: number): KafkajsEncoder;
  writeInt32(value: number): KafkajsEncoder;
  writeBoolean(value: boolean): KafkajsEncoder;
  writeUVarInt(value: number): KafkajsEncoder;
  writeUVarIntString(value: string | null): KafkajsEncoder;
  readonly buffer: Buffer;
}
interface KafkajsDecoder {
  offset: number;
  readonly buffer: Buffer;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readUVarInt(): number;
  readUVarIntString(): string | null;
}
interface KafkajsProtocol {
  Encoder: new () => KafkajsEncoder;
  Decoder: new (buffer: Buffer) => KafkajsDecoder;
}

let protocol: KafkajsProtocol | null | undefined;

/** kafkajs's Encoder and Decoder, or null when this kafkajs does not have them where 2.2.4 keeps them. */
export function loadKafkajsProtocol(): KafkajsProtocol | null {
  if (protocol !== undefined) return protocol;
  try {
    const require = nodeRequire();
    const Encoder: unknown = require('kafkajs/src/protocol/encoder');
    const Decoder: unknown = require('kafkajs/src/protocol/decoder');
    protocol =
      typeof Encoder === 'function' && typeof Decoder === 'function'
        ? ({ Encoder, Decoder } as KafkajsProtocol)
        : null;
  } catch {
    protocol = null;
  }
  return protocol;
}

function kafkajs(): KafkajsProtocol {
  const loaded = loadKafkajsProtocol();
  if (!loaded) throw new Error('kafkajs protocol Encoder/Decoder not found (kafkajs is pinned to 2.2.4)');
  return loaded;
}

/** A response that does not parse: names the field, never guesses. */
export class GroupProtocolDecodeError extends Error {
  override readonly name = 'GroupProtocolDecodeError';
}

/** kafkajs's Decoder with bounds checks: its varint and compact-string reads run past the end silently. */
class Reader {
  private readonly d: KafkajsDecoder;
  constructor(
    buffer: Buffer,
    private readonly what: string,
  ) {
    this.d = new (kafkajs().Decoder)(buffer);
  }
  private need(bytes: number, field: string): void {
    if (this.d.offset + bytes > this.d.buffer.length)
      throw new GroupProtocolDecodeError(`${this.what}: response ends inside ${field}`);
  }
  private checked<T>(field: string, read: () => T): T {
    const value = read();
    if (this.d.offset > this.d.buffer.length)
      throw new GroupProtocolDecodeError(`${this.what}: response ends inside ${field}`);
    return value;
  }
  int8(field: string): number {
    this.need(1, field);
    return this.d.readInt8();
  }
  int16(field: string): number {
    this.need(2, field);
    return this.d.readInt16();
  }
  int32(field: string): number {
    this.need(4, field);
    return this.d.readInt32();
  }
  uvarint(field: string): number {
    return this.checked(field, () => this.d.readUVarInt());
  }
  string(field: string): string {
    const value = this.nullableString(field);
    if (value === null) throw new GroupProtocolDecodeError(`${this.what}: ${field} is null`);
    return value;
  }
  nullableString(field: string): string | null {
    return this.checked(field, () => this.d.readUVarIntString());
  }
  /** A UUID (16 bytes) as 32 hex digits. */
  uuid(field: string): string {
    this.need(16, field);
    const hex = this.d.buffer.subarray(this.d.offset, this.d.offset + 16).toString('hex');
    this.d.offset += 16;
    return hex;
  }
  skip(bytes: number, field: string): void {
    this.need(bytes, field);
    this.d.offset += bytes;
  }
  /** A compact array: null (length 0 on the wire) reads as empty. */
  array<T>(field: string, item: (index: number) => T): T[] {
    const length = this.uvarint(`${field} length`);
    const out: T[] = [];
    for (let i = 0; i < length - 1; i++) out.push(item(i));
    return out;
  }
  /** Tagged fields: none of these responses defines one we read, so each is skipped by its size. */
  taggedFields(field: string): void {
    const count = this.uvarint(`${field} tagged fields`);
    for (let i = 0; i < count; i++) {
      this.uvarint(`${field} tag`);
      this.skip(this.uvarint(`${field} tag size`), `${field} tagged field`);
    }
  }
  end(): void {
    if (this.d.offset !== this.d.buffer.length)
      throw new GroupProtocolDecodeError(
        `${this.what}: ${this.d.buffer.length - this.d.offset} unexpected bytes after the response`,
      );
  }
}

// ---- ListGroups v5 -------------------------------------------------------------------------------------

export interface ListedGroup {
  groupId: string;
  /** "consumer" for consumer groups of either protocol, "" for a consumer-protocol group, ... */
  protocolType: string;
  /** Stable, Empty, Assigning, ... */
  groupState: string;
  /** "classic" or "consumer" (KIP-848); "share", "streams" on brokers that have those. */
  groupType: string;
}

export interface ListGroupsResponse {
  throttleTimeMs: number;
  errorCode: number;
  groups: ListedGroup[];
}

/** Request body (after kafkajs's header v1): header tags, StatesFilter, TypesFilter (both empty: all), tags. */
export function encodeListGroupsRequest(): Buffer {
  return new (kafkajs().Encoder)()
    .writeUVarInt(0) // request header v2: no tagged fields
    .writeUVarInt(1) // StatesFilter: empty compact array
    .writeUVarInt(1) // TypesFilter: empty compact array
    .writeUVarInt(0).buffer; // no tagged fields
}

export function decodeListGroupsResponse(payload: Buffer): ListGroupsResponse {
  const r = new Reader(payload, 'ListGroups v5');
  r.taggedFields('response header');
  const throttleTimeMs = r.int32('ThrottleTimeMs');
  const errorCode = r.int16('ErrorCode');
  const groups = r.array('Groups', (i) => {
    const group: ListedGroup = {
      groupId: r.string(`Groups[${i}].GroupId`),
      protocolType: r.string(`Groups[${i}].ProtocolType`),
      groupState: r.string(`Groups[${i}].GroupState`),
      groupType: r.string(`Groups[${i}].GroupType`),
    };
    r.taggedFields(`Groups[${i}]`);
    return group;
  });
  r.taggedFields('response');
  r.end();
  return { throttleTimeMs, errorCode, groups };
}

// ---- ConsumerGroupDescribe v0 ----------------------------------------------------------------------------

export interface TopicPartitions {
  /** The topic id as 32 hex digits. */
  topicId: string;
  topicName: string;
  partitions: number[];
}

export interface DescribedMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: TopicPartitions[];
  targetAssignment: TopicPartitions[];
}

export interface DescribedGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: DescribedMember[];
  authorizedOperations: number;
}

export interface ConsumerGroupDescribeResponse {
  throttleTimeMs: number;
  groups: DescribedGroup[];
}

/** Request body: header tags, GroupIds, IncludeAuthorizedOperations (false), tags. */
export function encodeConsumerGroupDescribeRequest(groupIds: readonly string[]): Buffer {
  const e = new (kafkajs().Encoder)().writeUVarInt(0).writeUVarInt(groupIds.length + 1);
  for (const id of groupIds) e.writeUVarIntString(id);
  return e.writeBoolean(false).writeUVarInt(0).buffer;
}

function readAssignment(r: Reader, field: string): TopicPartitions[] {
  const topics = r.array(`${field}.TopicPartitions`, (i) => {
    const at = `${field}.TopicPartitions[${i}]`;
    const topicId = r.uuid(`${at}.TopicId`);
    const topicName = r.string(`${at}.TopicName`);
    const partitions = r.array(`${at}.Partitions`, () => r.int32(`${at}.Partitions`));
    r.taggedFields(at);
    return { topicId, topicName, partitions };
  });
  r.taggedFields(field);
  return topics;
}

export function decodeConsumerGroupDescribeResponse(payload: Buffer): ConsumerGroupDescribeResponse {
  const r = new Reader(payload, 'ConsumerGroupDescribe v0');
  r.taggedFields('response header');
  const throttleTimeMs = r.int32('ThrottleTimeMs');
  const groups = r.array('Groups', (g): DescribedGroup => {
    const at = `Groups[${g}]`;
    const errorCode = r.int16(`${at}.ErrorCode`);
    const errorMessage = r.nullableString(`${at}.ErrorMessage`);
    const groupId = r.string(`${at}.GroupId`);
    const groupState = r.string(`${at}.GroupState`);
    const groupEpoch = r.int32(`${at}.GroupEpoch`);
    const assignmentEpoch = r.int32(`${at}.AssignmentEpoch`);
    const assignorName = r.string(`${at}.AssignorName`);
    const members = r.array(`${at}.Members`, (m): DescribedMember => {
      const mat = `${at}.Members[${m}]`;
      const member: DescribedMember = {
        memberId: r.string(`${mat}.MemberId`),
        instanceId: r.nullableString(`${mat}.InstanceId`),
        rackId: r.nullableString(`${mat}.RackId`),
        memberEpoch: r.int32(`${mat}.MemberEpoch`),
        clientId: r.string(`${mat}.ClientId`),
        clientHost: r.string(`${mat}.ClientHost`),
        subscribedTopicNames: r.array(`${mat}.SubscribedTopicNames`, (t) =>
          r.string(`${mat}.SubscribedTopicNames[${t}]`),
        ),
        subscribedTopicRegex: r.nullableString(`${mat}.SubscribedTopicRegex`),
        assignment: readAssignment(r, `${mat}.Assignment`),
        targetAssignment: readAssignment(r, `${mat}.TargetAssignment`),
      };
      r.taggedFields(mat);
      return member;
    });
    const authorizedOperations = r.int32(`${at}.AuthorizedOperations`);
    r.taggedFields(at);
    return {
      errorCode,
      errorMessage,
      groupId,
      groupState,
      groupEpoch,
      assignmentEpoch,
      assignorName,
      members,
      authorizedOperations,
    };
  });
  r.taggedFields('response');
  r.end();
  return { throttleTimeMs, groups };
}
