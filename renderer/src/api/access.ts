// Connection profiles: the saved ones, saving, testing step by step, and connecting with one.
import { channelKey, useChannelMutation, useChannelQuery } from './channelQuery';

export const useProfiles = () => useChannelQuery('access.profiles', {});

export const useSaveProfile = () =>
  useChannelMutation('access.saveProfile', {
    onSuccess: (_view, _input, client) =>
      void client.invalidateQueries({ queryKey: channelKey('access.profiles', {}) }),
  });

export const useTestConnection = () => useChannelMutation('access.testConnection');

export const useConnectProfile = () =>
  useChannelMutation('access.connect', {
    onSuccess: (status, _input, client) => {
      client.setQueryData(channelKey('cluster.status', {}), (old) => (old ? { ...old, ...status } : old));
      void client.invalidateQueries({ queryKey: channelKey('cluster.status', {}) });
      // Everything shown so far belonged to the previous connection.
      void client.resetQueries({ predicate: (query) => query.queryKey[0] !== 'cluster.status' });
    },
  });

/** What the broker says the person may do (KIP-430); asked again after 30 s or a new connection. */
export const usePermissions = () => useChannelQuery('access.permissions', {}, { staleTime: 30_000 });
