// The audit view: every redelivery in the team-wide ledger topic (so each console sees everyone's),
// filtered, and exported as CSV or JSON.
import type {
  AuditEntry,
  AuditExport,
  AuditList,
  AuditQuery,
  GateAuditEntry,
  RefusalAuditEntry,
} from '../../../shared/audit';
import type { RevealAuditEntry } from '../../../shared/privacy';
import type { LedgerRedelivery, LedgerView } from '../redelivery/ledger';

/** The ledger's storage record as the audit view shows it (the view does not follow storage changes). */
export function toAuditEntry(e: LedgerRedelivery): AuditEntry {
  const { type: _type, ...view } = e;
  return view;
}

function matches(e: AuditEntry, q: AuditQuery): boolean {
  if (q.who !== undefined && !e.who.toLowerCase().includes(q.who.toLowerCase())) return false;
  if (q.paymentId !== undefined && e.paymentId !== q.paymentId) return false;
  if (q.stage !== undefined && e.stage !== q.stage) return false;
  if (q.dlqTopic !== undefined && e.dlq.topic !== q.dlqTopic) return false;
  if (q.jobId !== undefined && e.jobId !== q.jobId) return false;
  if (q.result !== undefined && e.result !== q.result) return false;
  if (q.from !== undefined && e.at < q.from) return false;
  if (q.to !== undefined && e.at > q.to) return false;
  if (q.text !== undefined) {
    const needle = q.text.toLowerCase();
    const hay = [e.why, e.paymentId ?? '', e.dlq.topic, e.targetTopic, e.who].join('\n').toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

/** A reveal has no payment, stage, DLQ, job or result: a query for one of those is about redeliveries. */
function matchesReveal(e: RevealAuditEntry, q: AuditQuery): boolean {
  if (q.paymentId ?? q.stage ?? q.dlqTopic ?? q.jobId ?? q.result) return false;
  if (q.who !== undefined && !e.who.toLowerCase().includes(q.who.toLowerCase())) return false;
  if (q.from !== undefined && e.at < q.from) return false;
  if (q.to !== undefined && e.at > q.to) return false;
  if (q.text !== undefined) {
    const hay = [e.reason, e.record.topic, e.who].join('\n').toLowerCase();
    if (!hay.includes(q.text.toLowerCase())) return false;
  }
  return true;
}

/** A gate event has no payment, stage or result: a query for one of those is about redeliveries. */
function matchesGate(e: GateAuditEntry, q: AuditQuery): boolean {
  if (q.paymentId ?? q.stage ?? q.result) return false;
  if (q.who !== undefined && !e.who.toLowerCase().includes(q.who.toLowerCase())) return false;
  if (q.jobId !== undefined && e.jobId !== q.jobId) return false;
  if (q.dlqTopic !== undefined && e.dlqTopic !== q.dlqTopic) return false;
  if (q.from !== undefined && e.at < q.from) return false;
  if (q.to !== undefined && e.at > q.to) return false;
  if (q.text !== undefined) {
    const hay = [e.reason, e.evidence, e.dlqTopic, e.who].join('\n').toLowerCase();
    if (!hay.includes(q.text.toLowerCase())) return false;
  }
  return true;
}

/** A refusal matches on who, time and text (its job id too). */
function matchesRefusal(e: RefusalAuditEntry, q: AuditQuery): boolean {
  if (q.paymentId ?? q.stage ?? q.dlqTopic ?? q.result) return false;
  if (q.jobId !== undefined && e.jobId !== q.jobId) return false;
  if (q.who !== undefined && !e.who.toLowerCase().includes(q.who.toLowerCase())) return false;
  if (q.from !== undefined && e.at < q.from) return false;
  if (q.to !== undefined && e.at > q.to) return false;
  if (q.text !== undefined && ![e.message, e.who].join('\n').toLowerCase().includes(q.text.toLowerCase()))
    return false;
  return true;
}

export async function listAudit(ledger: LedgerView, query: AuditQuery): Promise<AuditList> {
  // Reading never creates the ledger topic: no ledger simply means no redeliveries yet.
  await ledger.catchUp();
  const all = ledger
    .allRedeliveries()
    .map(toAuditEntry)
    .filter((e) => matches(e, query))
    .sort((a, b) => b.at - a.at);
  const limit = query.limit ?? 1000;
  const reveals = ledger
    .allReveals()
    .map(({ type: _type, ...view }) => view)
    .filter((e) => matchesReveal(e, query))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
  const gateEvents = ledger
    .allGateEvents()
    .map(({ type: _type, ...view }) => view)
    .filter((e) => matchesGate(e, query))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
  const refusals = ledger
    .allRefusals()
    .filter((e) => matchesRefusal(e, query))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
  return {
    entries: all.slice(0, limit),
    total: all.length,
    truncated: all.length > limit,
    reveals,
    gateEvents,
    refusals,
  };
}

type CsvColumns<T> = [string, (e: T) => string | number | boolean | null | undefined][];

const csvColumns: CsvColumns<AuditEntry> = [
  ['at', (e) => new Date(e.at).toISOString()],
  ['who', (e) => e.who],
  ['why', (e) => e.why],
  ['result', (e) => e.result],
  ['confirmed_at', (e) => (e.confirmedAt ? new Date(e.confirmedAt).toISOString() : '')],
  ['payment_id', (e) => e.paymentId],
  ['ce_id', (e) => e.ceId],
  ['stage', (e) => e.stage],
  ['dlq_topic', (e) => e.dlq.topic],
  ['dlq_partition', (e) => e.dlq.partition],
  ['dlq_offset', (e) => e.dlq.offset],
  ['target_topic', (e) => e.targetTopic],
  ['target_partition', (e) => e.targetPartition],
  ['target_offset', (e) => e.targetOffset],
  ['redelivery_count', (e) => e.redeliveryCount],
  ['job_id', (e) => e.jobId],
  ['redelivery_id', (e) => e.redeliveryId],
  ['recovered', (e) => e.recovered ?? false],
  ['health_override', (e) => e.healthOverride ?? ''],
];

/** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvField(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const revealColumns: CsvColumns<RevealAuditEntry> = [
  ['at', (e) => new Date(e.at).toISOString()],
  ['who', (e) => e.who],
  ['why', (e) => e.reason],
  ['topic', (e) => e.record.topic],
  ['partition', (e) => e.record.partition],
  ['offset', (e) => e.record.offset],
  ['shown_until', (e) => new Date(e.expiresAt).toISOString()],
  ['reveal_id', (e) => e.revealId],
];

function csvOf<T>(columns: CsvColumns<T>, rows: readonly T[]): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(columns.map(([, get]) => csvField(get(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function toCsv(entries: readonly AuditEntry[]): string {
  return csvOf(csvColumns, entries);
}

export async function exportAudit(
  ledger: LedgerView,
  query: AuditQuery & { format: 'csv' | 'json'; of?: 'redeliveries' | 'reveals' },
  now: number,
): Promise<AuditExport> {
  const { entries, reveals } = await listAudit(ledger, { ...query, limit: query.limit ?? 100_000 });
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  if (query.of === 'reveals')
    return {
      format: query.format,
      fileName: `eventdesk-reveals-${stamp}.${query.format}`,
      content: query.format === 'csv' ? csvOf(revealColumns, reveals) : JSON.stringify(reveals, null, 2),
      count: reveals.length,
    };
  return query.format === 'csv'
    ? {
        format: 'csv',
        fileName: `eventdesk-redeliveries-${stamp}.csv`,
        content: toCsv(entries),
        count: entries.length,
      }
    : {
        format: 'json',
        fileName: `eventdesk-redeliveries-${stamp}.json`,
        content: JSON.stringify(entries, null, 2),
        count: entries.length,
      };
}
