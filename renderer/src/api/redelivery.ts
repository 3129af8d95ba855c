// Redelivery jobs: the dry run, start, a job's progress, the list, and cancel or resume.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Channel, ChannelInput } from '../../../shared/contract';
import type { RedeliveryJobStatus, RedeliverySelection } from '../../../shared/redelivery';
import {
  channelFilter,
  channelKey,
  refreshMs,
  useChannelMutation,
  useChannelQuery,
  type ChannelMutationOptions,
} from './channelQuery';
import { livePolling, useLiveInvalidation } from './live';

export type RedeliveryStartInput = ChannelInput<'redelivery.start'>;

/** The dry run also samples the stage's lag a few times, so it takes a couple of seconds: never refetched. */
export const useRedeliveryPlan = (dlqTopic: string, selection: RedeliverySelection) =>
  useChannelQuery(
    'redelivery.plan',
    { dlqTopic, selection },
    { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false },
  );

/** The gate's live evidence for a DLQ's stage, read again every few seconds while the dialog is open. */
export const useRedeliveryGate = (dlqTopic: string, enabled = true) =>
  useChannelQuery('redelivery.gate', { dlqTopic }, { enabled, refetchInterval: 3_000 });

const isActive = (state: RedeliveryJobStatus['state'] | undefined) =>
  state === 'running' || state === 'confirming' || state === 'paused';

/** A job of this console pushes its progress; these refetch on it. */
const jobViews: readonly Channel[] = ['redelivery.status', 'redelivery.list'];

/** What a job changes: each dead letter's status and the outstanding / handled counts. */
const deadLetterViews: readonly Channel[] = ['dlq.list', 'dlq.groups', 'dlq.records'];

export function useRedeliveryJob(jobId: string | null) {
  const live = useLiveInvalidation('redelivery.jobProgress', jobViews);
  const job = useChannelQuery(
    'redelivery.status',
    { jobId: jobId ?? '' },
    {
      enabled: jobId !== null,
      // Quick while the job moves records, then only now and then (another console may resume it).
      refetchInterval: livePolling(live, (query) =>
        isActive(query.state.data?.state) ? 500 : refreshMs.data,
      ),
    },
  );
  const client = useQueryClient();
  const state = job.data?.state;
  useEffect(() => {
    if (state === undefined) return;
    for (const c of deadLetterViews) void client.invalidateQueries(channelFilter(c));
  }, [state, client]);
  return job;
}

export const useRedeliveryJobs = () => {
  const live = useLiveInvalidation('redelivery.jobProgress', jobViews);
  return useChannelQuery(
    'redelivery.list',
    {},
    {
      refetchInterval: livePolling(live, (query) =>
        query.state.data?.some((j) => isActive(j.state)) ? 1_000 : refreshMs.data,
      ),
    },
  );
};

/** Starting, cancelling or resuming a job: its new status is the answer, and the job list is stale. */
const afterJobChange: ChannelMutationOptions<'redelivery.start' | 'redelivery.cancel' | 'redelivery.resume'> =
  {
    onSuccess: (status, _input, client) =>
      client.setQueryData(channelKey('redelivery.status', { jobId: status.jobId }), status),
    invalidates: ['redelivery.list', ...deadLetterViews],
  };

export const useStartRedelivery = () => useChannelMutation('redelivery.start', afterJobChange);
export const useCancelRedelivery = () => useChannelMutation('redelivery.cancel', afterJobChange);
export const useResumeRedelivery = () => useChannelMutation('redelivery.resume', afterJobChange);
