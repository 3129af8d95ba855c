// A group's dead letters as a table. Beside the open inspector the narrower the list, the fewer columns
// (supportViews.css): first attempts, loop guard and headers go, then only payment, status, where and when stay.
import type { DlqRecordSummary } from '../../../../shared/dlq';
import { scrollIntoViewRef } from '../../components/useListKeys';
import { formatDateTime } from '../../format/time';
import { routeHref } from '../shell/route';
import { DeadLetterStatusBadge } from './DeadLetterStatusBadge';

export const keyOf = (r: Pick<DlqRecordSummary, 'partition' | 'offset'>) => `${r.partition}/${r.offset}`;

function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

function HeadersBadge({ record: r }: { record: DlqRecordSummary }) {
  if (r.problems.length === 0) return <span className="badge">{r.format}</span>;
  return (
    <span className="badge tone-problem" title={r.problems.join('\n')} data-testid="headers-problem">
      {r.format === 'none' ? 'missing' : 'garbled'}: {r.problems[0]}
    </span>
  );
}

export function DlqRecordsTable({
  rows,
  selected,
  onSelect,
  inspectedIndex,
  onInspect,
  onRedeliver,
  blocked = null,
}: {
  rows: DlqRecordSummary[];
  selected: ReadonlySet<string>;
  onSelect: (next: ReadonlySet<string>) => void;
  /** The row open in the side panel, -1 when none. */
  inspectedIndex: number;
  onInspect: (r: DlqRecordSummary) => void;
  onRedeliver: (r: DlqRecordSummary) => void;
  /** Why Redeliver is off (read-only, or the broker's permissions), or null. */
  blocked?: string | null;
}) {
  return (
    <table className="data-table dlq-records" data-testid="dlq-records">
      <thead>
        <tr>
          <th>
            <input
              type="checkbox"
              aria-label="Select every record"
              checked={rows.length > 0 && rows.every((r) => selected.has(keyOf(r)))}
              onChange={(e) => onSelect(e.target.checked ? new Set(rows.map(keyOf)) : new Set())}
              data-testid="select-all"
            />
          </th>
          <th className="num col-wide">Partition</th>
          <th className="num col-wide">Offset</th>
          <th className="col-wide">Dead-lettered</th>
          <th>Payment</th>
          <th>Status</th>
          <th className="num col-extra">Attempts</th>
          <th
            className="num col-extra"
            title="Redeliveries before this dead letter; the loop guard stops at the map's limit"
          >
            Loop guard
          </th>
          <th className="col-extra">Headers</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr
            key={keyOf(r)}
            ref={i === inspectedIndex ? scrollIntoViewRef : undefined}
            data-testid="dlq-record"
            data-payment-id={r.paymentId ?? ''}
            data-status={r.status ?? 'outstanding'}
            aria-selected={i === inspectedIndex}
            className={`clickable-row${i === inspectedIndex ? ' is-selected' : r.problems.length > 0 ? ' row-warning' : ''}`}
            onClick={(event) => {
              // The row opens the record; its links, boxes and buttons keep their own meaning.
              if (!(event.target instanceof Element && event.target.closest('a, button, input')))
                onInspect(r);
            }}
          >
            <td>
              <input
                type="checkbox"
                checked={selected.has(keyOf(r))}
                onChange={() => onSelect(toggled(selected, keyOf(r)))}
                aria-label={`Select offset ${r.offset}`}
                data-testid="select-record"
              />
            </td>
            <td className="num col-wide">{r.partition}</td>
            <td className="num mono col-wide">{r.offset}</td>
            <td className="nowrap col-wide">{formatDateTime(r.timestamp)}</td>
            <td className="mono nowrap">
              {r.paymentId ? (
                <a href={routeHref({ page: 'payments', paymentId: r.paymentId })}>{r.paymentId}</a>
              ) : (
                <span className="muted">unknown</span>
              )}
              <small className="muted record-where">
                p{r.partition} @{r.offset} · {formatDateTime(r.timestamp)}
              </small>
            </td>
            <td>
              <DeadLetterStatusBadge record={r} />
            </td>
            <td className="num col-extra">{r.attempts ?? '—'}</td>
            <td className="num col-extra" data-col="loop-guard">
              {r.redeliveryCount}×
            </td>
            <td className="col-extra">
              <HeadersBadge record={r} />
            </td>
            <td className="actions-cell">
              <button
                type="button"
                className="button-quiet col-wide"
                onClick={() => onInspect(r)}
                aria-pressed={i === inspectedIndex}
                data-testid="inspect-record"
              >
                Inspect
              </button>{' '}
              <button
                type="button"
                className="button-quiet"
                onClick={() => onRedeliver(r)}
                disabled={blocked !== null}
                title={blocked ? `Off: ${blocked}` : undefined}
                data-testid="redeliver-record"
              >
                Redeliver
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
