// Scan matches as a virtualised list: only rows in view are in the DOM, however many records matched.
import { useCallback, useEffect } from 'react';
import { fixedRowStyle, useFixedRows } from '../../components/virtualRows';
import type { BytesView, RecordView } from '../../../../shared/recordView';
import { useListKeys } from '../../components/useListKeys';
import { formatDateTime } from '../../format/time';
import { nullBytesText } from './Inspector';

const ROW_HEIGHT = 32;

/** One line of a key or value for the list; the inspector shows the whole thing. */
export function previewBytes(view: BytesView, role: 'key' | 'value', max = 140): string {
  switch (view.kind) {
    case 'null':
      return nullBytesText[role];
    case 'empty':
      return '(empty)';
    case 'binary':
      return `binary, ${view.size} bytes${view.reason ? ` (${view.reason})` : ''}`;
    default: {
      const flat = (view.text ?? '').replace(/\s+/g, ' ');
      return flat.length > max ? `${flat.slice(0, max)}…` : flat;
    }
  }
}

/** The console's words about the bytes, not the bytes, are muted: a null key must not read as the key "no key". */
const muted = (view: BytesView) => view.kind === 'null' || view.kind === 'empty' || view.kind === 'binary';

export function ScanResults({
  records,
  selected,
  onSelect,
}: {
  records: RecordView[];
  selected: RecordView | null;
  onSelect: (record: RecordView) => void;
}) {
  const { scrollRef, virtualizer } = useFixedRows(records.length, ROW_HEIGHT, 12);
  const isSelected = (r: RecordView) =>
    selected !== null &&
    r.partition === selected.partition &&
    r.offset === selected.offset &&
    r.topic === selected.topic;
  const selectedIndex = selected ? records.findIndex(isSelected) : -1;
  useListKeys(
    records.length,
    selectedIndex,
    useCallback((i: number) => onSelect(records[i]!), [records, onSelect]),
  );
  // Only rows in view exist in the DOM: the virtualizer scrolls the selected one into view.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      className="grid-table results-grid"
      role="table"
      aria-label="Matching records"
      aria-rowcount={records.length + 1}
      data-testid="scan-results"
    >
      <div className="grid-head" role="rowgroup">
        <div className="grid-row" role="row">
          <span role="columnheader" className="num">
            Partition
          </span>
          <span role="columnheader" className="num">
            Offset
          </span>
          <span role="columnheader">Time</span>
          <span role="columnheader">Key</span>
          <span role="columnheader">Value</span>
        </div>
      </div>
      <div className="grid-body" ref={scrollRef} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const record = records[item.index];
            if (!record) return null;
            return (
              <div
                key={`${record.partition}/${record.offset}`}
                className={`grid-row clickable-row${isSelected(record) ? ' is-selected' : ''}`}
                role="row"
                tabIndex={0}
                aria-selected={isSelected(record)}
                data-testid="scan-row"
                data-partition={record.partition}
                data-offset={record.offset}
                onClick={() => onSelect(record)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(record);
                  }
                }}
                style={fixedRowStyle(item, ROW_HEIGHT)}
              >
                <span role="cell" className="num">
                  {record.partition}
                </span>
                <span
                  role="cell"
                  className="num mono"
                  title={record.aborted ? 'aborted transaction' : undefined}
                >
                  {record.aborted ? (
                    <span className="badge tone-pending" data-testid="row-aborted">
                      aborted
                    </span>
                  ) : null}{' '}
                  {record.offset}
                </span>
                <span role="cell" className="cell-name">
                  {formatDateTime(record.timestamp)}
                </span>
                <span
                  role="cell"
                  className={`mono cell-name${muted(record.key) ? ' muted' : ''}`}
                  title={previewBytes(record.key, 'key', 400)}
                >
                  {previewBytes(record.key, 'key', 60)}
                </span>
                <span
                  role="cell"
                  className={`mono cell-name${muted(record.value) ? ' muted' : ''}`}
                  title={previewBytes(record.value, 'value', 400)}
                >
                  {previewBytes(record.value, 'value')}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
