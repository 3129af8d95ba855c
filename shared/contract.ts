// The single source of channel names and payloads shared by main and renderer.
// Each channel maps to a zod input schema and an output type; both transports serve exactly this table.
import { z } from 'zod';
import { bootstrapServersSchema } from './bootstrap';
import * as support from './support';

/** Offsets and counts travel as decimal strings: Kafka offsets exceed 2^53. */
export type OffsetString = string;

export type ErrorCode =
  | 'invalid_input' // the input failed validation; message names the field
  | 'not_connected' // no cluster connection configured yet
  | 'unreachable' // the broker cannot be reached right now
  | 'auth' // credentials were refused
  | 'not_found' // a topic or group that does not (or no longer) exist
  | 'forbidden' // the caller is not allowed (sender frame, token)
  | 'internal';

export interface AppError {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

// ---- domain types --------------------------------------------------------------------------------

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'unreachable';

export interface ConnectionStatus {
  state: ConnectionState;
  bootstrap: string[];
  /** Why the last attempt failed, in words a support person can act on. */
  error?: string;
  /** Consecutive failed attempts since the last success. */
  attempts: number;
  /** Epoch ms of the next automatic retry while unreachable. */
  nextRetryAt?: number;
  /** Epoch ms when the current state began. */
  since: number;
}

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
}

export interface ClusterOverview {
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerInfo[];
  topicCount: number;
  partitionCount: number;
  internalTopicCount: number;
}

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of (high watermark - log start offset). */
  messageCount: OffsetString;
  internal: boolean;
}

export interface TopicPartitionDetail {
  partition: number;
  /** Broker id of the leader; -1 when the partition has no leader right now. */
  leader: number;
  replicas: number[];
  isr: number[];
  logStartOffset: OffsetString;
  logEndOffset: OffsetString;
  /** logEndOffset - logStartOffset. */
  messageCount: OffsetString;
}

export interface TopicDetail extends TopicSummary {
  partitionDetails: TopicPartitionDetail[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** null when the group has never committed an offset for this partition. */
  committedOffset: OffsetString | null;
  logStartOffset: OffsetString;
  logEndOffset: OffsetString;
  /** Log-end minus committed; null when there is no commit. Same definition as kafka-consumer-groups. */
  lag: OffsetString | null;
  /** True when the committed offset fell below the log start (records were deleted before being read). */
  committedBelowLogStart: boolean;
  memberId: string | null;
  clientId: string | null;
  host: string | null;
}

export type GroupState =
  | 'Stable'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Empty'
  | 'Dead'
  | 'Assigning'
  | 'Reconciling'
  | 'Unknown';

export interface LagSample {
  at: number;
  lag: OffsetString;
}

export interface GroupSummary {
  groupId: string;
  state: GroupState;
  members: number;
  protocol: string;
  protocolType: string;
  topics: string[];
  /** Sum of partition lags with a commit; null when nothing is committed. */
  totalLag: OffsetString | null;
  /** Recent total-lag samples, oldest first, for the sparkline. */
  history: LagSample[];
}

export interface GroupDetail extends GroupSummary {
  partitions: PartitionLag[];
}

// ---- the channel table ---------------------------------------------------------------------------

const empty = z.object({}).strict();

export const contract = {
  'cluster.connect': {
    input: z.object({ bootstrap: bootstrapServersSchema }).strict(),
    output: null as unknown as ConnectionStatus,
  },
  'cluster.status': { input: empty, output: null as unknown as ConnectionStatus },
  'cluster.overview': { input: empty, output: null as unknown as ClusterOverview },
  'topics.list': {
    input: z
      .object({
        filter: z.string().max(256).optional(),
        includeInternal: z.boolean().optional(),
      })
      .strict(),
    output: null as unknown as TopicSummary[],
  },
  'topics.describe': {
    // Kafka topic names are at most 249 characters.
    input: z.object({ topic: z.string().min(1).max(249) }).strict(),
    output: null as unknown as TopicDetail,
  },
  'groups.list': { input: empty, output: null as unknown as GroupSummary[] },
  'groups.describe': {
    input: z.object({ groupId: z.string().min(1).max(512) }).strict(),
    output: null as unknown as GroupDetail,
  },

  // ---- support workflows (issue 5): shapes and input schemas live in shared/support.ts ----------
  'pipeline.map': { input: empty, output: null as unknown as support.PipelineMapView },
  'pipeline.validateMap': { input: support.validateMapInput, output: null as unknown as support.MapValidation },
  'pipeline.saveMap': { input: support.validateMapInput, output: null as unknown as support.PipelineMapView },
  'payments.stuck': { input: support.stuckPaymentsInput, output: null as unknown as support.StuckPaymentsResult },
  'payments.find': { input: support.findPaymentInput, output: null as unknown as support.PaymentLookup },
  'dlq.list': { input: empty, output: null as unknown as support.DlqTopicSummary[] },
  'dlq.groups': { input: support.dlqGroupsInput, output: null as unknown as support.DlqGroupsResult },
  'dlq.records': { input: support.dlqRecordsInput, output: null as unknown as support.DlqRecordsResult },
  'records.browse': { input: support.browseInput, output: null as unknown as { scanId: string } },
  'records.scanProgress': { input: support.scanProgressInput, output: null as unknown as support.ScanProgress },
  'records.scanCancel': { input: support.scanCancelInput, output: null as unknown as support.ScanProgress },
  'records.get': { input: support.recordGetInput, output: null as unknown as support.RecordView },
  'redelivery.plan': { input: support.redeliveryPlanInput, output: null as unknown as support.RedeliveryPlan },
  'redelivery.start': { input: support.redeliveryStartInput, output: null as unknown as support.RedeliveryJobStatus },
  'redelivery.status': { input: support.redeliveryJobInput, output: null as unknown as support.RedeliveryJobStatus },
  'redelivery.list': { input: empty, output: null as unknown as support.RedeliveryJobStatus[] },
  'redelivery.cancel': { input: support.redeliveryJobInput, output: null as unknown as support.RedeliveryJobStatus },
  'redelivery.resume': { input: support.redeliveryJobInput, output: null as unknown as support.RedeliveryJobStatus },
  'audit.list': { input: support.auditListInput, output: null as unknown as support.AuditList },
  'audit.export': { input: support.auditExportInput, output: null as unknown as support.AuditExport },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Contract[C]['output'];

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The backend's handler table: one async function per channel, taking already-parsed input. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> };

/** What the renderer calls, whichever transport carries it. */
export interface Transport {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>;
}

/**
 * What the Electron preload exposes as `window.eventdesk`: one frozen function per contract channel
 * (an allowlist by construction; never a generic invoke, never ipcRenderer).
 */
export type EventdeskApi = {
  readonly [C in Channel]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
};

/** Bridge wire format (WebSocket at /rpc?token=…): a request and its reply share an id. */
export interface BridgeRequest {
  id: number;
  channel: string;
  input: unknown;
}
export interface BridgeReply {
  id: number;
  result: Result<unknown>;
}
