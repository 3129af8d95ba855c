// Dead-letter topics: the list, one topic's error groups, and a group's records.
import { refreshMs, useChannelQuery } from './channelQuery';

export type DlqRecordsShown = 'outstanding' | 'all';

export const useDlqTopics = () => useChannelQuery('dlq.list', {}, { refetchInterval: refreshMs.slow });

export const useDlqGroups = (topic: string | null) =>
  useChannelQuery(
    'dlq.groups',
    { topic: topic ?? '' },
    { enabled: topic !== null, refetchInterval: refreshMs.slow },
  );

export const useDlqRecords = (
  topic: string | null,
  fingerprint: string | null,
  show: DlqRecordsShown = 'outstanding',
) =>
  useChannelQuery(
    'dlq.records',
    { topic: topic ?? '', ...(fingerprint ? { fingerprint } : {}), show, limit: 1000 },
    { enabled: topic !== null, refetchInterval: refreshMs.slow },
  );
