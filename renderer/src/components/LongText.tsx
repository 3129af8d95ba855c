// A value of any size in a code block. Up to SMALL_TEXT it is one <pre>; beyond, the rows are virtualised
// (only the rows in view are in the page), so "Load all" on a 5 MB value never freezes input, and a find
// box scrolls to each row holding the text.
import { useMemo, useState } from 'react';
import { fixedRowStyle, useFixedRows } from './virtualRows';
import { displayRows, findRow } from './longTextLines';

/** Values up to this many characters render as they are. */
export const SMALL_TEXT = 64 * 1024;
const ROW_HEIGHT = 18;

export function LongText({
  text,
  testId,
  className = 'code-block',
}: {
  text: string;
  testId: string;
  className?: string;
}) {
  if (text.length <= SMALL_TEXT) {
    return (
      <pre className={className} data-testid={testId}>
        {text}
      </pre>
    );
  }
  return <VirtualText text={text} testId={testId} className={className} />;
}

function VirtualText({ text, testId, className }: { text: string; testId: string; className: string }) {
  const rows = useMemo(() => displayRows(text), [text]);
  const [needle, setNeedle] = useState('');
  const [found, setFound] = useState<number | null>(null);
  const { scrollRef, virtualizer } = useFixedRows(rows.length, ROW_HEIGHT, 20);
  const next = () => {
    const at = findRow(rows, needle, found === null ? 0 : found + 1);
    setFound(at < 0 ? -1 : at);
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'center' });
  };

  return (
    <div data-testid={testId} data-rows={rows.length}>
      <form
        className="long-text-find"
        onSubmit={(event) => {
          event.preventDefault();
          next();
        }}
      >
        <input
          type="search"
          value={needle}
          onChange={(e) => {
            setNeedle(e.target.value);
            setFound(null);
          }}
          placeholder="Find in this value"
          aria-label="Find in this value"
          data-testid={`${testId}-find`}
        />
        <button type="submit" className="button-quiet" disabled={needle === ''}>
          Find next
        </button>
        <small className="muted" data-testid={`${testId}-find-result`}>
          {found === -1
            ? 'not found'
            : found !== null
              ? `row ${(found + 1).toLocaleString('en')} of ${rows.length.toLocaleString('en')}`
              : `${(text.length / 1024 / 1024).toFixed(1)} MB in ${rows.length.toLocaleString('en')} rows`}
        </small>
      </form>
      <div className={`${className} long-text`} ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.index}
              className={item.index === found ? 'long-text-row is-found' : 'long-text-row'}
              style={fixedRowStyle(item, ROW_HEIGHT)}
            >
              {rows[item.index]}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
