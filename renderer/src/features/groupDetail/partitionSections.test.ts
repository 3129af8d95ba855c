import { describe, expect, it } from 'vitest';
import { partitionRow as row } from './partitionLag.fixture';
import { memberLabel, partitionSections } from './partitionSections';

describe('partition sections', () => {
  it('groups by topic, sorts partitions, and sums lag exactly', () => {
    const sections = partitionSections([
      row('b', 1, { lag: '9007199254740993' }),
      row('a', 2),
      row('b', 0, { lag: '1' }),
      row('a', 0, { committedOffset: null, lag: null }),
      row('a', 1, { committedOffset: '2', logStartOffset: '4', committedBelowLogStart: true, lag: '13' }),
    ]);
    expect(sections.map((s) => s.topic)).toEqual(['a', 'b']);
    expect(sections[0]!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(sections[0]).toMatchObject({ lag: '18', uncommitted: 1, deletedBeforeRead: 1 });
    expect(sections[1]).toMatchObject({ lag: '9007199254740994', uncommitted: 0, deletedBeforeRead: 0 });
  });

  it('has no lag for a topic without any commit', () => {
    expect(partitionSections([row('a', 0, { committedOffset: null, lag: null })])[0]!.lag).toBeNull();
  });

  it('labels the consumer', () => {
    expect(memberLabel(row('a', 0))).toBeNull();
    expect(memberLabel(row('a', 0, { clientId: 'receipts-1', host: '/10.0.0.5' }))).toBe(
      'receipts-1 @ /10.0.0.5',
    );
  });
});
