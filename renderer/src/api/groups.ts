// Consumer groups: the list with lag, and one group's detail. The lag watcher pushes when a sample changed
// some group's lag or state, and when a stage's health changed; while that is live these poll only gently.
import type { Channel } from '../../../shared/contract';
import { pollUnlessGone, refreshMs, useChannelQuery } from './channelQuery';
import { livePolling, useLiveInvalidation } from './live';

const groupViews: readonly Channel[] = ['groups.list', 'groups.describe'];
const healthViews: readonly Channel[] = ['groups.health', 'groups.healthHistory'];

export const useGroups = () => {
  const live = useLiveInvalidation('groups.changed', groupViews);
  return useChannelQuery('groups.list', {}, { refetchInterval: livePolling(live, refreshMs.data) });
};

export const useGroup = (groupId: string) => {
  const live = useLiveInvalidation('groups.changed', groupViews);
  return useChannelQuery(
    'groups.describe',
    { groupId },
    {
      // A steady group's lag pushes nothing; until its trend has two samples to draw, ask at the normal rate.
      refetchInterval: (query) =>
        livePolling(live && (query.state.data?.history.length ?? 0) >= 2, pollUnlessGone(query)),
    },
  );
};

/** Each stage's health by the watcher's rules; cheap (main answers from memory), so it also drives the nav badges. */
export const useStageHealth = () => {
  const live = useLiveInvalidation('health.changed', healthViews);
  return useChannelQuery('groups.health', {}, { refetchInterval: livePolling(live, refreshMs.status) });
};

export const useHealthHistory = (rangeMs: number) => {
  const live = useLiveInvalidation('health.changed', healthViews);
  return useChannelQuery(
    'groups.healthHistory',
    { rangeMs },
    { refetchInterval: livePolling(live, refreshMs.slow) },
  );
};
