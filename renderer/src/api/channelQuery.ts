// One generic query and one generic mutation over the contract: the output type comes from the channel table
// and the cache key is always [channel, input], so there is no second list of keys to keep in step.
import {
  useMutation,
  useQuery,
  useQueryClient,
  type DataTag,
  type Query,
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/contract';
import type { AppError, Result } from '../../../shared/failure';
import { toAppError } from './appError';
import type { ConsoleTransport } from './linkStatus';
import { useTransport } from './TransportProvider';

/** How often views poll. Status is quicker so the header notices an outage well within 10 s; views that read
 * whole topics (stuck payments, DLQs) poll gently. */
export const refreshMs = { status: 2_000, data: 4_000, slow: 5_000 } as const;

/** The cache key of a channel's answer, tagged with the answer's type so `getQueryData` / `setQueryData` check it. */
export type ChannelKey<C extends Channel> = DataTag<
  readonly [C, ChannelInput<C>],
  ChannelOutput<C>,
  AppError
>;

/** The cache key of a channel's answer to one input. */
export function channelKey<C extends Channel>(channel: C, input: ChannelInput<C>): ChannelKey<C> {
  return [channel, input] as const as ChannelKey<C>;
}

/** Matches every cached answer of a channel, whatever its input (for invalidation). */
export function channelFilter(channel: Channel): { queryKey: readonly [Channel] } {
  return { queryKey: [channel] };
}

/** Calls a channel and throws its AppError, which react-query keeps as the query's or mutation's `error`. */
export async function callChannel<C extends Channel>(
  transport: ConsoleTransport,
  channel: C,
  input: ChannelInput<C>,
  signal?: AbortSignal,
): Promise<ChannelOutput<C>> {
  const result = await transport.invoke(channel, input, signal ? { signal } : {});
  if (!result.ok) throw result.error;
  return result.value;
}

export type ChannelQueryOptions<C extends Channel> = Omit<
  UseQueryOptions<ChannelOutput<C>, AppError, ChannelOutput<C>, ChannelKey<C>>,
  'queryKey' | 'queryFn'
>;

/** The options useChannelQuery passes to react-query; also usable with `queryClient.fetchQuery` in tests. */
export function channelQueryOptions<C extends Channel>(
  transport: ConsoleTransport,
  channel: C,
  input: ChannelInput<C>,
  options?: ChannelQueryOptions<C>,
): UseQueryOptions<ChannelOutput<C>, AppError, ChannelOutput<C>, ChannelKey<C>> {
  return {
    ...options,
    queryKey: channelKey(channel, input),
    // react-query aborts the signal when nobody observes the query any more (the page was left).
    queryFn: ({ signal }) => callChannel(transport, channel, input, signal),
  };
}

export function useChannelQuery<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  options?: ChannelQueryOptions<C>,
): UseQueryResult<ChannelOutput<C>, AppError> {
  const transport = useTransport();
  return useQuery(channelQueryOptions(transport, channel, input, options));
}

export interface ChannelMutationOptions<C extends Channel> {
  /** Channels whose cached answers (for any input) this mutation makes stale. */
  invalidates?: readonly Channel[];
  /** Runs after success, before the invalidation: e.g. put the answer in the cache. */
  onSuccess?: (output: ChannelOutput<C>, input: ChannelInput<C>, client: QueryClient) => void;
}

/** The options useChannelMutation passes to react-query; also usable with a `MutationObserver` in tests. */
export function channelMutationOptions<C extends Channel>(
  transport: ConsoleTransport,
  client: QueryClient,
  channel: C,
  options?: ChannelMutationOptions<C>,
): UseMutationOptions<ChannelOutput<C>, AppError, ChannelInput<C>> {
  return {
    mutationKey: [channel],
    mutationFn: (input) => callChannel(transport, channel, input),
    onSuccess: async (output, input) => {
      options?.onSuccess?.(output, input, client);
      await Promise.all(
        (options?.invalidates ?? []).map((stale) => client.invalidateQueries(channelFilter(stale))),
      );
    },
  };
}

export function useChannelMutation<C extends Channel>(
  channel: C,
  options?: ChannelMutationOptions<C>,
): UseMutationResult<ChannelOutput<C>, AppError, ChannelInput<C>> {
  const transport = useTransport();
  const client = useQueryClient();
  return useMutation(channelMutationOptions(transport, client, channel, options));
}

/** A plain typed call, for flows react-query does not model (a scan followed with a cursor). */
export function useChannelCall(): <C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
) => Promise<Result<ChannelOutput<C>>> {
  const transport = useTransport();
  return useCallback(
    (channel, input) =>
      transport.invoke(channel, input).catch((thrown: unknown) => ({ ok: false, error: toAppError(thrown) })),
    [transport],
  );
}

/** A deleted group or topic stays "gone": polling stops until the person asks to check again. */
export function pollUnlessGone<T, K extends readonly unknown[]>(
  query: Query<T, AppError, T, K>,
): number | false {
  return query.state.error?.code === 'not_found' ? false : refreshMs.data;
}
