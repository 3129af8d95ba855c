// Topic rows for the table. A topic that disappears between two refreshes is kept as "gone" instead of
// vanishing without a word, so someone watching it sees that it was deleted.
import type { GroupSummary } from '../../../../shared/groups';
import type { OffsetString } from '../../../../shared/offset';
import type { PipelineMap } from '../../../../shared/pipelineMap';
import { roleLabel, topicRoles } from '../../../../shared/topicRoles';
import type { TopicSummary } from '../../../../shared/topics';

export interface TopicRow extends TopicSummary {
  gone: boolean;
}

export interface TopicReader {
  groupId: string;
  /** The group's lag on this topic; null when it committed nothing there. */
  lag: OffsetString | null;
}

/** What the topic list adds to each row: its role in the pipeline map and the groups that read it. */
export interface TopicContext {
  role: (topic: string) => string | null;
  readers: (topic: string) => TopicReader[];
}

export function topicContext(
  map: PipelineMap | undefined,
  groups: readonly GroupSummary[] | undefined,
): TopicContext {
  const roles = map ? topicRoles(map) : new Map();
  const readers = new Map<string, TopicReader[]>();
  for (const group of groups ?? []) {
    for (const topic of group.topics) {
      const list = readers.get(topic) ?? [];
      list.push({ groupId: group.groupId, lag: group.topicLag[topic] ?? null });
      readers.set(topic, list);
    }
  }
  for (const list of readers.values()) list.sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
  return {
    role: (topic) => {
      const role = roles.get(topic);
      return role ? roleLabel(role) : null;
    },
    readers: (topic) => readers.get(topic) ?? [],
  };
}

/** "receipts (lag 3), fraud (lag 0)". */
export function readersLabel(readers: readonly TopicReader[]): string {
  return readers.map((r) => `${r.groupId} (lag ${r.lag ?? '—'})`).join(', ');
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
