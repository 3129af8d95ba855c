// Typed react-query hooks over the contract: the only way components read from or act on the backend.
import { keepPreviousData, useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { ClusterOverview, ConnectionStatus } from '../../../shared/cluster';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { AppError } from '../../../shared/failure';
import type { GroupDetail, GroupSummary } from '../../../shared/groups';
import type { TopicDetail, TopicSummary } from '../../../shared/topics';
import type { BackendLinkStatus, ConsoleTransport } from './linkStatus';
import { useTransport } from './TransportProvider';

/** How often each view polls. Status is quicker so the header notices an outage well within 10 s. */
export const refreshMs = { status: 2_000, data: 4_000 } as const;

export const queryKeys = {
  status: ['cluster', 'status'] as const,
  overview: ['cluster', 'overview'] as const,
  topics: (filter: string, includeInternal: boolean) => ['topics', { filter, includeInternal }] as const,
  groups: ['groups'] as const,
  group: (groupId: string) => ['groups', groupId] as const,
  topic: (topic: string) => ['topic', topic] as const,
};

/** Calls a channel and throws its AppError, which react-query keeps as the query's `error`. */
export async function callChannel<C extends Channel>(
  transport: ConsoleTransport,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await transport.invoke(channel, input);
  if (!result.ok) throw result.error;
  return result.value;
}

export function useBackendLink(): BackendLinkStatus {
  const { link } = useTransport();
  return useSyncExternalStore(link.subscribe, link.status);
}

export function useClusterStatus() {
  const transport = useTransport();
  return useQuery<ConnectionStatus, AppError>({
    queryKey: queryKeys.status,
    queryFn: () => callChannel(transport, 'cluster.status', {}),
    refetchInterval: refreshMs.status,
  });
}

export function useOverview() {
  const transport = useTransport();
  return useQuery<ClusterOverview, AppError>({
    queryKey: queryKeys.overview,
    queryFn: () => callChannel(transport, 'cluster.overview', {}),
    refetchInterval: refreshMs.data,
  });
}

export interface TopicQuery {
  filter: string;
  includeInternal: boolean;
}

export function useTopics({ filter, includeInternal }: TopicQuery) {
  const transport = useTransport();
  const trimmed = filter.trim();
  return useQuery<TopicSummary[], AppError>({
    queryKey: queryKeys.topics(trimmed, includeInternal),
    queryFn: () =>
      callChannel(
        transport,
        'topics.list',
        trimmed ? { filter: trimmed, includeInternal } : { includeInternal },
      ),
    refetchInterval: refreshMs.data,
    // While a new filter loads, keep showing the previous rows instead of flashing an empty table.
    placeholderData: keepPreviousData,
  });
}

export function useGroups() {
  const transport = useTransport();
  return useQuery<GroupSummary[], AppError>({
    queryKey: queryKeys.groups,
    queryFn: () => callChannel(transport, 'groups.list', {}),
    refetchInterval: refreshMs.data,
  });
}

/** A deleted group or topic stays "gone": polling stops until the person asks to check again. */
function pollUnlessGone<T>(query: Query<T, AppError>): number | false {
  return query.state.error?.code === 'not_found' ? false : refreshMs.data;
}

export function useTopic(topic: string) {
  const transport = useTransport();
  return useQuery<TopicDetail, AppError>({
    queryKey: queryKeys.topic(topic),
    queryFn: () => callChannel(transport, 'topics.describe', { topic }),
    refetchInterval: pollUnlessGone,
  });
}

export function useGroup(groupId: string) {
  const transport = useTransport();
  return useQuery<GroupDetail, AppError>({
    queryKey: queryKeys.group(groupId),
    queryFn: () => callChannel(transport, 'groups.describe', { groupId }),
    refetchInterval: pollUnlessGone,
  });
}

export function useConnect() {
  const transport = useTransport();
  const queryClient = useQueryClient();
  return useMutation<ConnectionStatus, AppError, string>({
    mutationFn: (bootstrap) => callChannel(transport, 'cluster.connect', { bootstrap }),
    onSuccess: (status) => {
      queryClient.setQueryData(queryKeys.status, status);
      // Everything shown so far belonged to the previous cluster.
      void queryClient.resetQueries({
        predicate: (query) => !(query.queryKey[0] === 'cluster' && query.queryKey[1] === 'status'),
      });
    },
  });
}
