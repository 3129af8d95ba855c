// One error group's records, outstanding ones by default (a toggle shows the handled ones too), each with
// its status from the ledger; select some to redeliver, or inspect one.
import { useCallback, useMemo, useState } from 'react';
import type { DlqErrorGroup, DlqRecordSummary } from '../../../../shared/dlq';
import { useFullRecord } from '../../api/browse';
import { useDlqRecords, type DlqRecordsShown } from '../../api/dlq';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { scrollIntoViewRef, useListKeys } from '../../components/useListKeys';
import { formatDateTime } from '../../format/time';
import { Inspector } from '../browse/Inspector';
import type { RedeliveryRequest } from '../redelivery/RedeliveryDialog';
import { routeHref } from '../shell/route';
import { DeadLetterStatusBadge } from './DeadLetterStatusBadge';

export function DlqRecordInspector({ record, onClose }: { record: DlqRecordSummary; onClose: () => void }) {
  const full = useFullRecord({ topic: record.topic, partition: record.partition, offset: record.offset });
  if (full.data) return <Inspector record={full.data} onClose={onClose} />;
  if (full.error) return <ErrorPanel error={full.error} what="the record" />;
  return <Loading what="the record" />;
}

export const keyOf = (r: Pick<DlqRecordSummary, 'partition' | 'offset'>) => `${r.partition}/${r.offset}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function GroupRecords({
  topic,
  group,
  onRedeliver,
  inspected,
  onInspect,
}: {
  topic: string;
  group: DlqErrorGroup;
  onRedeliver: (r: RedeliveryRequest) => void;
  /** The record open in the side panel, if any. */
  inspected: DlqRecordSummary | null;
  onInspect: (r: DlqRecordSummary) => void;
}) {
  const [shown, setShown] = useState<DlqRecordsShown>('outstanding');
  const records = useDlqRecords(topic, group.fingerprint, shown);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (r: DlqRecordSummary) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(keyOf(r))) next.delete(keyOf(r));
      else next.add(keyOf(r));
      return next;
    });
  const rows = useMemo(() => records.data?.records ?? [], [records.data]);
  const chosen = rows.filter((r) => selected.has(keyOf(r)));
  const hidden = records.data?.handledHidden ?? 0;
  const inspectedIndex = inspected ? rows.findIndex((r) => keyOf(r) === keyOf(inspected)) : -1;
  useListKeys(
    rows.length,
    inspectedIndex,
    useCallback((i: number) => onInspect(rows[i]!), [rows, onInspect]),
  );

  return (
    <div className="panel" data-testid="group-records">
      <div className="page-head">
        <h3>Records of this group</h3>
        <div className="segmented" role="group" aria-label="Which records">
          <button
            type="button"
            aria-pressed={shown === 'outstanding'}
            onClick={() => setShown('outstanding')}
            data-testid="show-outstanding"
          >
            Outstanding ({group.outstanding})
          </button>
          <button
            type="button"
            aria-pressed={shown === 'all'}
            onClick={() => setShown('all')}
            data-testid="show-all"
          >
            All ({group.count})
          </button>
        </div>
        <button
          type="button"
          disabled={chosen.length === 0}
          onClick={() =>
            onRedeliver({
              dlqTopic: topic,
              selection: {
                kind: 'records',
                records: chosen.map((r) => ({ partition: r.partition, offset: r.offset })),
              },
              subject: plural(chosen.length, 'selected record'),
            })
          }
          data-testid="redeliver-selected"
        >
          Redeliver selected ({chosen.length})
        </button>
      </div>
      {records.error ? <ErrorPanel error={records.error} what="the group's records" /> : null}
      {!records.data && !records.error ? <Loading what="the group's records" /> : null}
      {records.data && rows.length === 0 ? (
        <p className="state state-empty" data-testid="records-none-outstanding">
          Nothing outstanding in this group: {plural(hidden, 'record')} handled.{' '}
          <button type="button" className="button-quiet" onClick={() => setShown('all')}>
            Show all
          </button>
        </p>
      ) : null}
      {rows.length > 0 ? (
        <table className="data-table" data-testid="dlq-records">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Select every record"
                  checked={rows.length > 0 && chosen.length === rows.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(rows.map(keyOf)) : new Set())}
                  data-testid="select-all"
                />
              </th>
              <th className="num">Partition</th>
              <th className="num">Offset</th>
              <th>Dead-lettered</th>
              <th>Payment</th>
              <th>Status</th>
              <th className="num">Attempts</th>
              <th
                className="num"
                title="Redeliveries before this dead letter; the loop guard stops at the map's limit"
              >
                Loop guard
              </th>
              <th>Headers</th>
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
                className={i === inspectedIndex ? 'is-selected' : r.problems.length > 0 ? 'row-warning' : ''}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(keyOf(r))}
                    onChange={() => toggle(r)}
                    aria-label={`Select offset ${r.offset}`}
                    data-testid="select-record"
                  />
                </td>
                <td className="num">{r.partition}</td>
                <td className="num mono">{r.offset}</td>
                <td className="nowrap">{formatDateTime(r.timestamp)}</td>
                <td className="mono nowrap">
                  {r.paymentId ? (
                    <a href={routeHref({ page: 'payments', paymentId: r.paymentId })}>{r.paymentId}</a>
                  ) : (
                    <span className="muted">unknown</span>
                  )}
                </td>
                <td>
                  <DeadLetterStatusBadge record={r} />
                </td>
                <td className="num">{r.attempts ?? '—'}</td>
                <td className="num" data-col="loop-guard">
                  {r.redeliveryCount}×
                </td>
                <td>
                  {r.problems.length > 0 ? (
                    <span
                      className="badge tone-problem"
                      title={r.problems.join('\n')}
                      data-testid="headers-problem"
                    >
                      {r.format === 'none' ? 'missing' : 'garbled'}: {r.problems[0]}
                    </span>
                  ) : (
                    <span className="badge">{r.format}</span>
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => onInspect(r)}
                    aria-pressed={i === inspectedIndex}
                    data-testid="inspect-record"
                  >
                    Inspect
                  </button>{' '}
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() =>
                      onRedeliver({
                        dlqTopic: topic,
                        selection: {
                          kind: 'records',
                          records: [{ partition: r.partition, offset: r.offset }],
                        },
                        subject: `the record at partition ${r.partition}, offset ${r.offset}`,
                      })
                    }
                    data-testid="redeliver-record"
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {records.data?.truncated ? (
        <p className="muted">Only the first {rows.length} records are listed.</p>
      ) : null}
      {shown === 'outstanding' && hidden > 0 && rows.length > 0 ? (
        <p className="muted" data-testid="records-hidden">
          {plural(hidden, 'handled record')} not shown.
        </p>
      ) : null}
    </div>
  );
}
