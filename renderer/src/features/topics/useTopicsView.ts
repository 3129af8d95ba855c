// State behind the topics screen: the filter box, the internal-topics toggle, and rows with "gone" tracking.
import { useState } from 'react';
import { useGroups } from '../../api/groups';
import { usePipelineMap } from '../../api/pipeline';
import { useTopics } from '../../api/topics';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { mergeTopicRows, topicContext, type TopicRow } from './topicRows';

interface RowsSnapshot {
  queryKey: string;
  updatedAt: number;
  rows: TopicRow[];
}

export function useTopicsView() {
  const [filter, setFilter] = useState('');
  const [includeInternal, setIncludeInternal] = useState(false);
  const settledFilter = useDebouncedValue(filter, 200);
  const topics = useTopics({ filter: settledFilter, includeInternal });
  const map = usePipelineMap();
  const groups = useGroups();
  const [snapshot, setSnapshot] = useState<RowsSnapshot | null>(null);

  // Rows are derived when a new answer arrives (React's "adjust state during render" pattern): a different
  // filter starts from scratch, the same filter remembers what disappeared since the last answer.
  const queryKey = `${settledFilter.trim()}|${includeInternal}`;
  if (
    topics.data &&
    !topics.isPlaceholderData &&
    (snapshot?.queryKey !== queryKey || snapshot.updatedAt !== topics.dataUpdatedAt)
  ) {
    const previous = snapshot?.queryKey === queryKey ? snapshot.rows : null;
    setSnapshot({ queryKey, updatedAt: topics.dataUpdatedAt, rows: mergeTopicRows(previous, topics.data) });
  }

  const rows = snapshot?.rows ?? (topics.data ? mergeTopicRows(null, topics.data) : null);
  return {
    filter,
    setFilter,
    includeInternal,
    setIncludeInternal,
    rows,
    context: topicContext(map.data?.map, groups.data),
    error: topics.error,
    updatedAt: topics.dataUpdatedAt,
    filtering: filter !== settledFilter || topics.isPlaceholderData,
  };
}
