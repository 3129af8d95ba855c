// Topics: the filtered list and one topic's detail.
import { keepPreviousData } from '@tanstack/react-query';
import { pollUnlessGone, refreshMs, useChannelQuery } from './channelQuery';

export interface TopicQuery {
  filter: string;
  includeInternal: boolean;
}

export function useTopics({ filter, includeInternal }: TopicQuery) {
  const trimmed = filter.trim();
  return useChannelQuery(
    'topics.list',
    trimmed ? { filter: trimmed, includeInternal } : { includeInternal },
    {
      refetchInterval: refreshMs.data,
      // While a new filter loads, keep showing the previous rows instead of flashing an empty table.
      placeholderData: keepPreviousData,
    },
  );
}

export const useTopic = (topic: string) =>
  useChannelQuery('topics.describe', { topic }, { refetchInterval: pollUnlessGone });
