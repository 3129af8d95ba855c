// One error group's records, outstanding ones by default (a toggle shows the handled ones too), each with
// its status from the ledger; select some to redeliver, or inspect one.
import { useCallback, useMemo, useState } from 'react';
import type { DlqErrorGroup, DlqRecordSummary } from '../../../../shared/dlq';
import { useFullRecord } from '../../api/browse';
import { useDlqRecords, type DlqRecordsShown } from '../../api/dlq';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { SplitView } from '../../components/SplitView';
import { useListKeys } from '../../components/useListKeys';
import { Inspector } from '../browse/Inspector';
import type { RedeliveryRequest } from '../redelivery/RedeliveryDialog';
import { useRedeliverBlock } from '../access/WriteBlocked';
import { DlqRecordsTable, keyOf } from './DlqRecordsTable';

function DlqRecordInspector({ record, onClose }: { record: DlqRecordSummary; onClose: () => void }) {
  const full = useFullRecord({ topic: record.topic, partition: record.partition, offset: record.offset });
  if (full.data) return <Inspector record={full.data} onClose={onClose} />;
  if (full.error) return <ErrorPanel error={full.error} what="the record" />;
  return <Loading what="the record" />;
}

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
  onInspect: (r: DlqRecordSummary | null) => void;
}) {
  const [shown, setShown] = useState<DlqRecordsShown>('outstanding');
  const records = useDlqRecords(topic, group.fingerprint, shown);
  const blocked = useRedeliverBlock(topic);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
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
          disabled={chosen.length === 0 || blocked !== null}
          title={blocked ? `Off: ${blocked}` : undefined}
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
        <SplitView
          panel={
            inspected && inspectedIndex >= 0 ? (
              <DlqRecordInspector key={keyOf(inspected)} record={inspected} onClose={() => onInspect(null)} />
            ) : null
          }
        >
          <DlqRecordsTable
            blocked={blocked}
            rows={rows}
            selected={selected}
            onSelect={setSelected}
            inspectedIndex={inspectedIndex}
            onInspect={onInspect}
            onRedeliver={(r) =>
              onRedeliver({
                dlqTopic: topic,
                selection: { kind: 'records', records: [{ partition: r.partition, offset: r.offset }] },
                subject: `the record at partition ${r.partition}, offset ${r.offset}`,
              })
            }
          />
        </SplitView>
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
