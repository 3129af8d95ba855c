// The audit log's reads of personal data: every reveal any console wrote to the ledger, who, when, why, what.
import type { RevealAuditEntry } from '../../../../shared/privacy';
import { formatDateTime } from '../../format/time';

export function RevealLog({
  reveals,
  onExport,
}: {
  reveals: readonly RevealAuditEntry[];
  /** Downloads the reads as CSV (masked, as every export). */
  onExport?: () => void;
}) {
  return (
    <section aria-labelledby="reveal-log-title" data-testid="reveal-log">
      <div className="inspector-head">
        <h3 id="reveal-log-title">Reads of personal data ({reveals.length})</h3>
        {onExport && reveals.length > 0 ? (
          <button type="button" className="button-quiet" onClick={onExport} data-testid="export-reveals">
            Export CSV
          </button>
        ) : null}
      </div>
      {reveals.length === 0 ? (
        <p className="muted">Nobody revealed a masked record in this period.</p>
      ) : (
        <table className="data-table audit-table" data-testid="reveal-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Record</th>
              <th>Why</th>
              <th>Shown until</th>
            </tr>
          </thead>
          <tbody>
            {reveals.map((r) => (
              <tr key={r.revealId} data-testid="reveal-row">
                <td className="nowrap">{formatDateTime(r.at)}</td>
                <td data-col="who">{r.who}</td>
                <td className="mono cell-wrap small" data-col="record">
                  {r.record.topic} p{r.record.partition} @{r.record.offset}
                </td>
                <td className="cell-wrap" data-col="why">
                  {r.reason}
                </td>
                <td className="nowrap">{formatDateTime(r.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
