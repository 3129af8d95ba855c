// The only way main/core talks to Kafka. Everything here is client-neutral so that replacing kafkajs
// (unmaintained upstream) touches main/core/kafka/ and nothing else.
import type { SecurityFailure } from '../../../shared/access';
import type { OffsetString } from '../../../shared/offset';
import type { AuthorizedOperationsAnswer, AuthorizedOperationsQuery } from './authorizedOperations';

export interface ClusterDescription {
  clusterId: string;
  controllerId: number | null;
  brokers: Array<{ nodeId: number; host: string; port: number }>;
}

export interface TopicMetadata {
  name: string;
  /** Kafka's own internal topics (__consumer_offsets, __transaction_state, ...). */
  internal: boolean;
  partitions: Array<{ partition: number; leader: number; replicas: number[]; isr: number[] }>;
}

export interface PartitionWatermarks {
  partition: number;
  /** Log start offset: the first offset still stored. */
  low: OffsetString;
  /** High watermark: the offset the next record will get. */
  high: OffsetString;
}

export interface TopicWatermarks {
  topic: string;
  partitions: PartitionWatermarks[];
}

/**
 * Which group protocol a group runs: the classic one (JoinGroup/SyncGroup) or Kafka 4's consumer protocol
 * (KIP-848, `group.protocol=consumer`); other kinds a broker may have (share, streams) pass through as named.
 */
export type GroupType = 'classic' | 'consumer' | (string & {});

export interface GroupListing {
  groupId: string;
  protocolType: string;
  groupType: GroupType;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Partitions assigned to this member; empty when the assignment cannot be decoded. */
  assignment: Array<{ topic: string; partitions: number[] }>;
  /** Consumer protocol only: the member's epoch and the assignment it is moving to; null on classic groups. */
  memberEpoch: number | null;
  targetAssignment: Array<{ topic: string; partitions: number[] }> | null;
}

export interface GroupDescription {
  groupId: string;
  /** As reported by the broker: Stable, Empty, Dead, PreparingRebalance, ... */
  state: string;
  /** Classic: the assignor the members agreed on (range, roundrobin, ...). Consumer protocol: the server assignor. */
  protocol: string;
  protocolType: string;
  groupType: GroupType;
  /** Consumer protocol only (null on classic groups): the group epoch and the epoch of its target assignment. */
  groupEpoch: number | null;
  assignmentEpoch: number | null;
  members: GroupMember[];
}

/** Used by both ports, so one shape: the record port fills `topic` with the topic it was asked about. */
export interface CommittedOffset {
  topic: string;
  partition: number;
  /** The next offset the group will read; null when the group has no commit for this partition. */
  offset: OffsetString | null;
}

export interface KafkaPort {
  /** Also serves as the connectivity probe: it must fail fast when no broker answers. */
  describeCluster(): Promise<ClusterDescription>;
  /** Every topic with its partition layout. */
  listTopics(): Promise<TopicMetadata[]>;
  /**
   * Log start and high watermark of every partition. A topic that does not exist (or is being deleted)
   * is left out of the answer rather than failing the whole call.
   */
  fetchWatermarks(topics: string[]): Promise<TopicWatermarks[]>;
  /** Every group with its protocol type (ListGroups v5 where the broker has it). */
  listGroups(): Promise<GroupListing[]>;
  /**
   * Groups of either protocol, in one call: consumer-protocol groups through ConsumerGroupDescribe, classic
   * ones (and every group on a broker without that API) through the classic DescribeGroups. A group that
   * does not exist comes back as state Dead with no members, as the classic call reports it.
   */
  describeGroups(groupIds: string[]): Promise<GroupDescription[]>;
  /** Committed offsets of a group across all topics it has committed on. */
  fetchCommittedOffsets(groupId: string): Promise<CommittedOffset[]>;
  /**
   * What the principal may do on these topics, these groups and the cluster (KIP-430 bitfields). Absent on a
   * port that cannot ask; throws AuthorizedOperationsUnsupported when the broker cannot answer.
   */
  authorizedOperations?(query: AuthorizedOperationsQuery): Promise<AuthorizedOperationsAnswer>;
  close(): Promise<void>;
}

/** Why a Kafka call failed, independent of the client library. */
export type KafkaFailureKind =
  'connection_refused' | 'dns' | 'timeout' | 'connection_closed' | 'tls' | 'auth' | 'not_found' | 'other';

/** Kinds that mean "the cluster cannot be reached", as opposed to a problem with one request. */
export const connectivityKinds: ReadonlySet<KafkaFailureKind> = new Set([
  'connection_refused',
  'dns',
  'timeout',
  'connection_closed',
  'tls',
]);

export type { SecurityFailure };

/** Resolved security of one connection: the TLS material and SASL credentials themselves. Main only. */
export interface ClientSecurity {
  tls?: {
    /** PEM CA certificate(s) to trust; the system's CAs when omitted. */
    ca?: string;
    cert?: string;
    key?: string;
    passphrase?: string;
    verifyHostname: boolean;
  };
  sasl?:
    | { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string }
    | {
        mechanism: 'OAUTHBEARER';
        /** A valid bearer token (cached by its source); fails with a TokenEndpointError. */
        token: () => Promise<{ value: string; expiresAt: number; subject: string | null }>;
        /** The token endpoint as it may be shown. */
        endpoint: string;
      };
}

/** The broker's own refusals of an authenticated principal (its ACLs said no). */
export type AuthorizationRefusal =
  'TOPIC_AUTHORIZATION_FAILED' | 'GROUP_AUTHORIZATION_FAILED' | 'CLUSTER_AUTHORIZATION_FAILED';

export class KafkaPortError extends Error {
  override readonly name = 'KafkaPortError';
  /** Set for TLS and SASL failures that have a name of their own. */
  readonly security?: SecurityFailure;
  /** Set when the broker's authorizer refused the call (kind `auth`). */
  readonly refusal?: AuthorizationRefusal;
  /**
   * True when the same call may succeed if made again shortly, unchanged: the broker is moving a leader or
   * loading a coordinator, or a request timed out or lost its connection. Default: timeout and connection_closed.
   */
  readonly retryable: boolean;
  constructor(
    readonly kind: KafkaFailureKind,
    message: string,
    /** host:port the failure concerns, when known. */
    readonly broker?: string,
    options?: {
      cause?: unknown;
      retryable?: boolean;
      security?: SecurityFailure;
      refusal?: AuthorizationRefusal;
    },
  ) {
    super(message, options);
    this.retryable = options?.retryable ?? (kind === 'timeout' || kind === 'connection_closed');
    if (options?.security) this.security = options.security;
    if (options?.refusal) this.refusal = options.refusal;
  }
}

export type KafkaPortFactory = (bootstrap: string[], security?: ClientSecurity) => KafkaPort;
