// Redelivery jobs: the dry run, start, a job's progress, the list, and cancel or resume.
import type { ChannelInput } from '../../../shared/contract';
import type { RedeliveryJobStatus, RedeliverySelection } from '../../../shared/redelivery';
import {
  channelKey,
  refreshMs,
  useChannelMutation,
  useChannelQuery,
  type ChannelMutationOptions,
} from './channelQuery';

export type RedeliveryStartInput = ChannelInput<'redelivery.start'>;

/** The dry run also samples the stage's lag a few times, so it takes a couple of seconds: never refetched. */
export const useRedeliveryPlan = (dlqTopic: string, selection: RedeliverySelection) =>
  useChannelQuery(
    'redelivery.plan',
    { dlqTopic, selection },
    { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false },
  );

const isActive = (state: RedeliveryJobStatus['state'] | undefined) =>
  state === 'running' || state === 'confirming';

export const useRedeliveryJob = (jobId: string | null) =>
  useChannelQuery(
    'redelivery.status',
    { jobId: jobId ?? '' },
    {
      enabled: jobId !== null,
      // Quick while the job moves records, then only now and then (another console may resume it).
      refetchInterval: (query) => (isActive(query.state.data?.state) ? 500 : refreshMs.data),
    },
  );

export const useRedeliveryJobs = () =>
  useChannelQuery(
    'redelivery.list',
    {},
    {
      refetchInterval: (query) => (query.state.data?.some((j) => isActive(j.state)) ? 1_000 : refreshMs.data),
    },
  );

/** Starting, cancelling or resuming a job: its new status is the answer, and the job list is stale. */
const afterJobChange: ChannelMutationOptions<'redelivery.start' | 'redelivery.cancel' | 'redelivery.resume'> =
  {
    onSuccess: (status, _input, client) =>
      client.setQueryData(channelKey('redelivery.status', { jobId: status.jobId }), status),
    invalidates: ['redelivery.list'],
  };

export const useStartRedelivery = () => useChannelMutation('redelivery.start', afterJobChange);
export const useCancelRedelivery = () => useChannelMutation('redelivery.cancel', afterJobChange);
export const useResumeRedelivery = () => useChannelMutation('redelivery.resume', afterJobChange);
