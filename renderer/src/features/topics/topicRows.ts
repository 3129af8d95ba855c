// Topic rows for the table. A topic that disappears between two refreshes is kept as "gone" instead of
// vanishing without a word, so someone watching it sees that it was deleted.
import type { TopicSummary } from '../../../../shared/topics';

export interface TopicRow extends TopicSummary {
  gone: boolean;
}

export function mergeTopicRows(
  previous: readonly TopicRow[] | null,
  current: readonly TopicSummary[],
): TopicRow[] {
  const rows = new Map<string, TopicRow>();
  for (const topic of current) rows.set(topic.name, { ...topic, gone: false });
  for (const row of previous ?? []) {
    if (!rows.has(row.name)) rows.set(row.name, { ...row, gone: true });
  }
  return [...rows.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function topicCountLabel(rows: readonly TopicRow[]): string {
  const live = rows.filter((row) => !row.gone).length;
  const gone = rows.length - live;
  const base = `${live} ${live === 1 ? 'topic' : 'topics'}`;
  return gone > 0 ? `${base}, ${gone} gone` : base;
}
