// Where personal data is masked before it leaves main: one masker per channel output, applied once around
// the composed handler table, so no domain can forget it. The table names every channel of the contract (a
// new channel does not compile until someone says whether its output carries record content).
import type { AuditEntry } from '../../../shared/audit';
import type { ScanProgress } from '../../../shared/browse';
import { channels, type Channel, type ChannelOutput, type Handlers } from '../../../shared/contract';
import type { DlqRecordSummary } from '../../../shared/dlq';
import { maskText } from '../../../shared/masking';
import { maskRecordView, type MaskingPolicy } from '../../../shared/maskingRecord';
import type { StageStatus } from '../../../shared/payments';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import type { WorklistAction, WorklistItem } from '../../../shared/worklist';

type OutputMasker<C extends Channel> = (output: ChannelOutput<C>, policy: MaskingPolicy) => ChannelOutput<C>;

/** The one output that is plain on purpose: a reveal, which is written to the audit ledger before it answers. */
const auditedReveal = 'audited reveal';

const maskStage = (s: StageStatus): StageStatus => (s.reason ? { ...s, reason: maskText(s.reason) } : s);

// Header-borne strings (ce_id, group, class) are text from the record too: a garbled or hostile header may hold anything.
const maskDlqRecord = (r: DlqRecordSummary): DlqRecordSummary => ({
  ...r,
  paymentId: maskText(r.paymentId),
  ceId: maskText(r.ceId),
  exceptionClass: maskText(r.exceptionClass),
  message: maskText(r.message),
  consumerGroup: maskText(r.consumerGroup),
  problems: r.problems.map((p) => maskText(p)),
});

const maskJob = (j: RedeliveryJobStatus): RedeliveryJobStatus => ({
  ...j,
  why: maskText(j.why),
  ...(j.error ? { error: maskText(j.error) } : {}),
  ...(j.pausedReason ? { pausedReason: maskText(j.pausedReason) } : {}),
});

const maskScanProgress = (p: ScanProgress, policy: MaskingPolicy): ScanProgress => ({
  ...p,
  results: p.results.map((r) => ({ ...r, record: maskRecordView(r.record, policy) })),
  ...(p.error ? { error: maskText(p.error) } : {}),
});

const maskAuditEntry = (e: AuditEntry): AuditEntry => ({
  ...e,
  why: maskText(e.why),
  paymentId: maskText(e.paymentId),
  ceId: maskText(e.ceId),
  ...(e.healthOverride ? { healthOverride: maskText(e.healthOverride) } : {}),
});

const maskWorklistAction = (a: WorklistAction): WorklistAction =>
  a.type === 'note'
    ? { ...a, text: maskText(a.text) }
    : a.type === 'resolve'
      ? { ...a, reason: maskText(a.reason) }
      : a;

/** Notes and reasons are free text people type, often pasted from a ticket: masked like any record text. */
const maskWorklistItem = (item: WorklistItem): WorklistItem => ({
  ...item,
  subject:
    item.subject.kind === 'payment'
      ? { ...item.subject, paymentId: maskText(item.subject.paymentId) }
      : { ...item.subject, ...(item.subject.label ? { label: maskText(item.subject.label) } : {}) },
  notes: item.notes.map((n) => ({ ...n, text: maskText(n.text) })),
  history: item.history.map((c) => ({ ...c, action: maskWorklistAction(c.action) })),
  resolution: item.resolution ? { ...item.resolution, reason: maskText(item.resolution.reason) } : null,
});

/**
 * null: the output carries no record content and no free text from records or people (names, offsets,
 * counts, configuration). Everything else is masked here.
 */
export const outputMaskers: { [C in Channel]: OutputMasker<C> | null | typeof auditedReveal } = {
  'cluster.connect': null,
  'cluster.status': null,
  'cluster.overview': null,
  // Profiles (no secret ever: only where it comes from), connection steps and the SASL principal.
  'access.profiles': null,
  'access.saveProfile': null,
  'access.deleteProfile': null,
  'access.connect': null,
  'access.testConnection': null,
  'access.identity': null,
  // Topic and group names with the operations the broker allows.
  'access.permissions': null,
  'topics.list': null,
  'topics.describe': null,
  'groups.list': null,
  'groups.describe': null,
  // Statuses, counts and reasons built from offsets and names: no record content.
  'groups.health': null,
  'groups.healthHistory': null,
  'pipeline.map': null,
  'pipeline.validateMap': null,
  'pipeline.saveMap': null,
  'pipeline.unmappedGroups': null,
  'pipeline.addStages': null,

  'payments.stuck': (out) => ({
    ...out,
    rows: out.rows.map((row) => ({
      ...row,
      paymentId: maskText(row.paymentId),
      ceId: maskText(row.ceId),
      stages: row.stages.map(maskStage),
    })),
  }),
  'payments.find': (out, policy) => ({
    ...out,
    timeline: out.timeline.map((e) => ({
      ...e,
      ceId: maskText(e.ceId),
      ...(e.error ? { error: maskText(e.error) } : {}),
      record: maskRecordView(e.record, policy),
    })),
    stages: out.stages.map(maskStage),
  }),

  'dlq.list': null,
  'dlq.groups': (out) => ({
    ...out,
    groups: out.groups.map((g) => ({
      ...g,
      exceptionClass: maskText(g.exceptionClass),
      sampleMessage: maskText(g.sampleMessage),
      samplePaymentIds: g.samplePaymentIds.map((id) => maskText(id)),
    })),
  }),
  'dlq.records': (out) => ({ ...out, records: out.records.map(maskDlqRecord) }),

  'records.browse': null,
  'records.scanProgress': (out, policy) => maskScanProgress(out, policy),
  'records.scanCancel': (out, policy) => maskScanProgress(out, policy),
  'records.get': (out, policy) => maskRecordView(out, policy),

  'redelivery.plan': (out) => ({
    ...out,
    groups: out.groups.map((g) => ({
      ...g,
      exceptionClass: maskText(g.exceptionClass),
      sampleMessage: maskText(g.sampleMessage),
    })),
    preview: out.preview.map((item) => ({ ...item, paymentId: maskText(item.paymentId) })),
    refusals: out.refusals.map((r) => maskText(r)),
  }),
  // The gate's errors come from dead-letter headers (normalised, but free text all the same).
  'redelivery.gate': (out) => ({
    ...out,
    errors: out.errors.map((e) => ({ ...e, message: maskText(e.message) })),
    ...(out.problem ? { problem: maskText(out.problem) } : {}),
  }),
  'redelivery.start': maskJob,
  'redelivery.status': maskJob,
  'redelivery.list': (out) => out.map(maskJob),
  'redelivery.cancel': maskJob,
  'redelivery.resume': maskJob,

  'audit.list': (out) => ({
    ...out,
    entries: out.entries.map(maskAuditEntry),
    reveals: out.reveals.map((r) => ({ ...r, reason: maskText(r.reason) })),
    gateEvents: out.gateEvents.map((g) => ({
      ...g,
      reason: maskText(g.reason),
      evidence: maskText(g.evidence),
    })),
    refusals: out.refusals.map((r) => ({ ...r, message: maskText(r.message) })),
  }),
  // The export is already text (CSV or JSON): the patterns are masked in it as in any text.
  'audit.export': (out) => ({ ...out, content: maskText(out.content) }),

  'privacy.reveal': auditedReveal,

  'worklist.list': (out) => ({ ...out, items: out.items.map(maskWorklistItem) }),
  'worklist.update': (out) => ({
    ...out,
    item: maskWorklistItem(out.item),
    ...(out.winner ? { winner: { ...out.winner, action: maskWorklistAction(out.winner.action) } } : {}),
  }),

  // Stage names and numbers the person typed; no record content.
  'settings.get': null,
  'settings.setStageThresholds': null,
  'settings.resetStageThresholds': null,
};

/** Channels whose output is an export: plain when the connection's profile allows unmasked exports. */
const exportChannels: ReadonlySet<Channel> = new Set<Channel>(['audit.export']);

/**
 * The handler table whose outputs are masked with the policy of the moment (the map may change). Exports stay
 * masked unless `unmaskedExport()` says the connection's profile allows otherwise.
 */
export function withMaskedOutputs(
  handlers: Handlers,
  policy: () => MaskingPolicy,
  unmaskedExport: () => boolean = () => false,
): Handlers {
  const table: Record<string, unknown> = {};
  for (const channel of channels) {
    const handler = handlers[channel] as (input: unknown, context?: unknown) => Promise<unknown>;
    const masker = outputMaskers[channel] as ((out: unknown, p: MaskingPolicy) => unknown) | string | null;
    if (typeof masker === 'function' && exportChannels.has(channel)) {
      table[channel] = async (input: unknown, context?: unknown) => {
        const out = await handler(input, context);
        return unmaskedExport() ? out : masker(out, policy());
      };
      continue;
    }
    table[channel] =
      typeof masker === 'function'
        ? async (input: unknown, context?: unknown) => masker(await handler(input, context), policy())
        : handler;
  }
  // Same channels, same signatures: only outputs are rewritten, each to its own type.
  return table as Handlers;
}
