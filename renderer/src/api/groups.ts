// Consumer groups: the list with lag, and one group's detail.
import { pollUnlessGone, refreshMs, useChannelQuery } from './channelQuery';

export const useGroups = () => useChannelQuery('groups.list', {}, { refetchInterval: refreshMs.data });

export const useGroup = (groupId: string) =>
  useChannelQuery('groups.describe', { groupId }, { refetchInterval: pollUnlessGone });

/** Each stage's health by the watcher's rules; cheap (main answers from memory), so it also drives the nav badges. */
export const useStageHealth = () =>
  useChannelQuery('groups.health', {}, { refetchInterval: refreshMs.status });

export const useHealthHistory = (rangeMs: number) =>
  useChannelQuery('groups.healthHistory', { rangeMs }, { refetchInterval: refreshMs.slow });
