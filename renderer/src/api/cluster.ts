// The cluster connection: its status (polled quickly so the header notices an outage), overview and connect.
import { channelKey, refreshMs, useChannelMutation, useChannelQuery } from './channelQuery';

export const useClusterStatus = () =>
  useChannelQuery('cluster.status', {}, { refetchInterval: refreshMs.status });

export const useOverview = () => useChannelQuery('cluster.overview', {}, { refetchInterval: refreshMs.data });

export const useConnect = () =>
  useChannelMutation('cluster.connect', {
    onSuccess: (status, _input, client) => {
      // The new connection state at once; the backend's diagnostics come with the next status poll.
      client.setQueryData(channelKey('cluster.status', {}), (old) => (old ? { ...old, ...status } : old));
      void client.invalidateQueries({ queryKey: channelKey('cluster.status', {}) });
      // Everything shown so far belonged to the previous cluster.
      void client.resetQueries({ predicate: (query) => query.queryKey[0] !== 'cluster.status' });
    },
  });
