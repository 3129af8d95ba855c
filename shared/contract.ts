// The channel table: every channel's name, its zod input schema and its output type, and nothing else.
// Payload types and schemas live in one file per domain beside this one; both transports serve exactly this table.
import type { z } from 'zod';
import * as access from './access';
import * as audit from './audit';
import * as browse from './browse';
import * as cluster from './cluster';
import * as dlq from './dlq';
import type { Result } from './failure';
import * as groups from './groups';
import type { LiveEvent, LivePayload } from './live';
import { emptyInput } from './offset';
import * as payments from './payments';
import * as permissions from './permissions';
import * as pipeline from './pipelineMap';
import * as privacy from './privacy';
import type { RecordView } from './recordView';
import * as redelivery from './redelivery';
import * as settings from './settings';
import * as topics from './topics';
import * as worklist from './worklist';

/** The output type of a channel, carried as a phantom value (the table is data; only its type is read). */
const out = <T>() => null as unknown as T;

/**
 * Marks a channel that changes something (the cluster, the ledger, the console's map or connection). The
 * backend retries a read that met a passing broker state; a write it never repeats on its own.
 */
const writes = true as const;

export const contract = {
  'cluster.connect': { input: cluster.connectInput, output: out<cluster.ConnectionStatus>(), writes },
  'cluster.status': { input: emptyInput, output: out<cluster.ClusterStatus>() },
  'cluster.overview': { input: emptyInput, output: out<cluster.ClusterOverview>() },

  'access.profiles': { input: emptyInput, output: out<access.ProfileView[]>() },
  'access.saveProfile': { input: access.saveProfileInput, output: out<access.ProfileView>(), writes },
  'access.deleteProfile': { input: access.profileNameInput, output: out<{ deleted: boolean }>(), writes },
  'access.connect': { input: access.profileNameInput, output: out<cluster.ConnectionStatus>(), writes },
  'access.testConnection': { input: access.testConnectionInput, output: out<access.ConnectionTestResult>() },
  'access.identity': { input: emptyInput, output: out<access.Identity>() },
  'access.permissions': { input: permissions.permissionsInput, output: out<permissions.PermissionsView>() },

  'topics.list': { input: topics.topicsListInput, output: out<topics.TopicSummary[]>() },
  'topics.describe': { input: topics.topicsDescribeInput, output: out<topics.TopicDetail>() },

  'groups.list': { input: emptyInput, output: out<groups.GroupSummary[]>() },
  'groups.describe': { input: groups.groupsDescribeInput, output: out<groups.GroupDetail>() },
  'groups.health': { input: emptyInput, output: out<groups.PipelineHealth>() },
  'groups.healthHistory': { input: groups.healthHistoryInput, output: out<groups.HealthHistory>() },

  'pipeline.map': { input: emptyInput, output: out<pipeline.PipelineMapView>() },
  'pipeline.validateMap': { input: pipeline.validateMapInput, output: out<pipeline.MapValidation>() },
  'pipeline.saveMap': { input: pipeline.validateMapInput, output: out<pipeline.PipelineMapView>(), writes },
  'pipeline.unmappedGroups': { input: emptyInput, output: out<pipeline.UnmappedGroups>() },
  'pipeline.addStages': { input: pipeline.addStagesInput, output: out<pipeline.PipelineMapView>(), writes },

  'payments.stuck': { input: payments.stuckPaymentsInput, output: out<payments.StuckPaymentsResult>() },
  'payments.find': { input: payments.findPaymentInput, output: out<payments.PaymentLookup>() },

  'dlq.list': { input: emptyInput, output: out<dlq.DlqTopicSummary[]>() },
  'dlq.groups': { input: dlq.dlqGroupsInput, output: out<dlq.DlqGroupsResult>() },
  'dlq.records': { input: dlq.dlqRecordsInput, output: out<dlq.DlqRecordsResult>() },

  'records.browse': { input: browse.browseInput, output: out<browse.ScanStarted>() },
  'records.scanProgress': { input: browse.scanProgressInput, output: out<browse.ScanProgress>() },
  'records.scanCancel': { input: browse.scanCancelInput, output: out<browse.ScanProgress>() },
  'records.get': { input: browse.recordGetInput, output: out<RecordView>() },

  'redelivery.plan': { input: redelivery.redeliveryPlanInput, output: out<redelivery.RedeliveryPlan>() },
  'redelivery.gate': { input: redelivery.redeliveryGateInput, output: out<redelivery.StageEvidence>() },
  'redelivery.start': {
    input: redelivery.redeliveryStartInput,
    output: out<redelivery.RedeliveryJobStatus>(),
    writes,
  },
  'redelivery.status': {
    input: redelivery.redeliveryJobInput,
    output: out<redelivery.RedeliveryJobStatus>(),
  },
  'redelivery.list': { input: emptyInput, output: out<redelivery.RedeliveryJobStatus[]>() },
  'redelivery.cancel': {
    input: redelivery.redeliveryJobInput,
    output: out<redelivery.RedeliveryJobStatus>(),
    writes,
  },
  'redelivery.resume': {
    input: redelivery.redeliveryResumeInput,
    output: out<redelivery.RedeliveryJobStatus>(),
    writes,
  },

  'audit.list': { input: audit.auditListInput, output: out<audit.AuditList>() },
  'audit.export': { input: audit.auditExportInput, output: out<audit.AuditExport>() },

  'worklist.list': { input: worklist.worklistListInput, output: out<worklist.WorklistList>() },
  'worklist.update': {
    input: worklist.worklistUpdateInput,
    output: out<worklist.WorklistUpdateResult>(),
    writes,
  },
  // The console's own settings (kept in main, not on the cluster): a read-only profile may change them.
  'settings.get': { input: emptyInput, output: out<settings.SettingsView>() },
  'settings.setStageThresholds': {
    input: settings.setStageThresholdsInput,
    output: out<settings.SettingsView>(),
    writes,
  },
  'settings.resetStageThresholds': {
    input: settings.resetStageThresholdsInput,
    output: out<settings.SettingsView>(),
    writes,
  },

  // Writes the audit entry to the ledger before it answers; never repeated on its own.
  'privacy.reveal': { input: privacy.revealInput, output: out<privacy.RevealedRecord>(), writes },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Contract[C]['output'];

export const channels = Object.keys(contract) as Channel[];

/** True for a channel marked `writes` in the table. */
export function isWriteChannel(channel: Channel): boolean {
  return 'writes' in contract[channel];
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What a handler knows about the request besides its input. */
export interface RequestContext {
  /** Aborted when the caller leaves (its socket closed, it cancelled): stop reading, answer nothing. */
  signal: AbortSignal;
}

/** The backend's handler table: one async function per channel, taking already-parsed input. */
export type Handlers = {
  // The context is optional so tests and tools can call a handler directly; both transports always pass one.
  [C in Channel]: (input: ParsedInput<C>, context?: RequestContext) => Promise<ChannelOutput<C>>;
};

/** The channels of one domain, by their `domain.` prefix (e.g. `ChannelsOf<'dlq'>`). */
export type ChannelsOf<D extends string> = Extract<Channel, `${D}.${string}`>;

/** What one domain's handler factory returns: exactly its channels. */
export type DomainHandlers<D extends string> = Pick<Handlers, ChannelsOf<D>>;

/** What the renderer calls, whichever transport carries it. */
export interface Transport {
  /** `signal` abandons the request: the transport tells the backend, which stops the work. */
  invoke<C extends Channel>(
    channel: C,
    input: ChannelInput<C>,
    options?: { signal?: AbortSignal },
  ): Promise<Result<ChannelOutput<C>>>;
}

/**
 * What the Electron preload exposes as `window.eventdesk`: one frozen function per contract channel
 * (an allowlist by construction; never a generic invoke, never ipcRenderer), `cancel`, which abandons one
 * request by the id it was sent with (the page left, react-query cancelled it) so main stops its work, and
 * `on`, which follows one live event (shared/live.ts) until the function it returns is called.
 */
export type EventdeskApi = {
  readonly [C in Channel]: (input: ChannelInput<C>, requestId?: string) => Promise<Result<ChannelOutput<C>>>;
} & {
  readonly cancel: (requestId: string) => void;
  readonly on: <E extends LiveEvent>(event: E, callback: (payload: LivePayload<E>) => void) => () => void;
};

/** The IPC message that carries `cancel`; sent, not invoked: nobody waits for an answer. */
export const IPC_CANCEL_CHANNEL = 'eventdesk:cancel';

/** Bridge wire format (WebSocket at /rpc?token=…): a request and its reply share an id. */
export interface BridgeRequest {
  id: number;
  channel: string;
  input: unknown;
}

/** Sent on the same socket when the page no longer wants the answer to request `cancel` (it is abandoned). */
export interface BridgeCancel {
  cancel: number;
}
export interface BridgeReply {
  id: number;
  result: Result<unknown>;
}
