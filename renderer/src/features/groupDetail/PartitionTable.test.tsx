// Renders the table to static HTML (no DOM needed) to check what a person would read in each cell.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { partitionSections } from './partitionSections';
import { partitionRow as row } from './partitionLag.fixture';
import { PartitionTable } from './PartitionTable';

function cellTexts(html: string, column: string): string[] {
  const pattern = new RegExp(`data-col="${column}">(.*?)</td>`, 'g');
  return [...html.matchAll(pattern)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('PartitionTable', () => {
  const [section] = partitionSections([
    row('payments', 0, { committedOffset: '1200', logEndOffset: '1500', lag: '300' }),
    row('payments', 1, { committedOffset: null, lag: null, lagMs: null }),
    row('payments', 2, {
      committedOffset: '2',
      logStartOffset: '5',
      logEndOffset: '10',
      lag: '8',
      committedBelowLogStart: true,
      lagMs: 3_725_000,
      lagMsEstimated: true,
    }),
  ]);
  const html = renderToStaticMarkup(<PartitionTable section={section!} />);

  it('shows committed offsets, a dash with "no commit", and the deleted-records marker', () => {
    expect(cellTexts(html, 'committed')).toEqual([
      '1,200',
      'no commit —',
      '2 records deleted before being read',
    ]);
  });

  it('shows log start, log end and lag with digit grouping', () => {
    expect(cellTexts(html, 'log-end')).toEqual(['1,500', '15', '10']);
    expect(cellTexts(html, 'lag')).toEqual(['300', '—', '8']);
  });

  it('shows lag in time, marking an estimate', () => {
    expect(cellTexts(html, 'lag-time')).toEqual(['1 min', '—', '1 h 2 min est.']);
  });
});
