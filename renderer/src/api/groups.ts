// Consumer groups: the list with lag, and one group's detail.
import { pollUnlessGone, refreshMs, useChannelQuery } from './channelQuery';

export const useGroups = () => useChannelQuery('groups.list', {}, { refetchInterval: refreshMs.data });

export const useGroup = (groupId: string) =>
  useChannelQuery('groups.describe', { groupId }, { refetchInterval: pollUnlessGone });
