// Every redelivery from the team-wide ledger topic (so each console sees everyone's): who, when, what, why,
// result; filters; export as CSV or JSON. Below, every reveal of personal data.
import { useState } from 'react';
import type { AuditResult } from '../../../../shared/audit';
import { useAudit, useAuditExport, type AuditInput } from '../../api/audit';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { formatDateTime } from '../../format/time';
import { RevealLog } from '../privacy/RevealLog';
import { GateLog } from '../redelivery/GateLog';
import { routeHref } from '../shell/route';

interface AuditFilters {
  who: string;
  paymentId: string;
  result: '' | AuditResult;
  text: string;
}

function toInput(filters: AuditFilters): AuditInput {
  return {
    ...(filters.who.trim() ? { who: filters.who.trim() } : {}),
    ...(filters.paymentId.trim() ? { paymentId: filters.paymentId.trim() } : {}),
    ...(filters.result ? { result: filters.result } : {}),
    ...(filters.text.trim() ? { text: filters.text.trim() } : {}),
    limit: 1000,
  };
}

/** Saves text as a file through a Blob link: works the same in Electron and in the browser. */
function download(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some engines read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({ who: '', paymentId: '', result: '', text: '' });
  const settled = useDebouncedValue(filters, 300);
  const input = toInput(settled);
  const audit = useAudit(input);
  const exporter = useAuditExport();

  const exportAs = (format: 'csv' | 'json', of: 'redeliveries' | 'reveals' = 'redeliveries') =>
    exporter.mutate(
      { ...input, format, of },
      {
        onSuccess: (file) =>
          download(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json'),
      },
    );

  const set = (field: keyof AuditFilters) => (value: string) => setFilters((f) => ({ ...f, [field]: value }));

  return (
    <section className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        {audit.data ? (
          <span className="muted" data-testid="audit-count">
            {audit.data.total} redelivered record(s)
            {audit.data.truncated ? `, showing ${audit.data.entries.length}` : ''}
          </span>
        ) : null}
      </div>
      <p className="lead">Every redelivered record, from the ledger topic every console writes to.</p>
      <div className="toolbar">
        <label className="field-inline">
          <span>Who</span>
          <input
            type="search"
            value={filters.who}
            onChange={(e) => set('who')(e.target.value)}
            data-testid="audit-who"
            className="input-short"
          />
        </label>
        <label className="field-inline">
          <span>Payment</span>
          <input
            type="search"
            value={filters.paymentId}
            onChange={(e) => set('paymentId')(e.target.value)}
            data-testid="audit-payment"
          />
        </label>
        <label className="field-inline">
          <span>Result</span>
          <select
            value={filters.result}
            onChange={(e) => set('result')(e.target.value)}
            data-testid="audit-result"
          >
            <option value="">Any</option>
            <option value="redelivered">redelivered</option>
            <option value="confirmed">confirmed</option>
          </select>
        </label>
        <label className="field-inline">
          <span>Text</span>
          <input
            type="search"
            value={filters.text}
            onChange={(e) => set('text')(e.target.value)}
            placeholder="why, topic, payment"
            data-testid="audit-text"
          />
        </label>
        <span className="toolbar-end">
          <button
            type="button"
            className="button-quiet"
            onClick={() => exportAs('csv')}
            disabled={exporter.isPending}
            data-testid="export-csv"
          >
            Export CSV
          </button>{' '}
          <button
            type="button"
            className="button-quiet"
            onClick={() => exportAs('json')}
            disabled={exporter.isPending}
            data-testid="export-json"
          >
            Export JSON
          </button>
        </span>
      </div>
      {exporter.error ? <ErrorPanel error={exporter.error} what="the export" /> : null}
      {audit.data && audit.error ? <StaleNote updatedAt={audit.dataUpdatedAt} error={audit.error} /> : null}
      {!audit.data && audit.error ? <ErrorPanel error={audit.error} what="the audit log" /> : null}
      {!audit.data && !audit.error ? <Loading what="the audit log" /> : null}
      {audit.data && audit.data.entries.length === 0 ? (
        <Empty>
          No redelivery matches
          {input.who || input.paymentId || input.result || input.text ? ' these filters' : ' yet'}.
        </Empty>
      ) : null}
      {audit.data && audit.data.entries.length > 0 ? (
        <table className="data-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Payment</th>
              <th>Stage</th>
              <th>From → to</th>
              <th>Why</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.entries.map((e) => (
              <tr
                key={e.redeliveryId}
                data-testid="audit-row"
                data-payment-id={e.paymentId ?? ''}
                data-result={e.result}
              >
                <td data-col="when" className="nowrap">
                  {formatDateTime(e.at)}
                </td>
                <td data-col="who">{e.who}</td>
                <td className="mono">
                  {e.paymentId ? (
                    <a href={routeHref({ page: 'payments', paymentId: e.paymentId })}>{e.paymentId}</a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{e.stage ?? <span className="muted">foreign</span>}</td>
                <td className="mono cell-wrap small">
                  {e.dlq.topic} p{e.dlq.partition} @{e.dlq.offset} → {e.targetTopic} p{e.targetPartition}
                  {e.targetOffset !== null ? ` @${e.targetOffset}` : ''}
                </td>
                <td className="cell-wrap" data-col="why">
                  {e.why}
                  {e.healthOverride ? (
                    <span className="badge tone-pending" title={e.healthOverride}>
                      {' '}
                      health override
                    </span>
                  ) : null}
                </td>
                <td data-col="result">
                  <span className={`badge ${e.result === 'confirmed' ? 'tone-ok' : 'tone-accent'}`}>
                    {e.result}
                  </span>
                  {e.confirmedAt ? <small className="muted"> {formatDateTime(e.confirmedAt)}</small> : null}
                  {e.recovered ? <small className="muted"> (recovered)</small> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {audit.data ? (
        <RevealLog reveals={audit.data.reveals} onExport={() => exportAs('csv', 'reveals')} />
      ) : null}
      {audit.data ? <GateLog events={audit.data.gateEvents} /> : null}
    </section>
  );
}
