// The shared worklist: the list every console sees, and one change to an item.
import { keepPreviousData } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { refreshMs, useChannelMutation, useChannelQuery } from './channelQuery';

export type WorklistInput = ChannelInput<'worklist.list'>;

// Polled quickly: what a colleague did should show here within seconds.
export const useWorklist = (input: WorklistInput, enabled = true) =>
  useChannelQuery('worklist.list', input, {
    refetchInterval: refreshMs.status,
    placeholderData: keepPreviousData,
    enabled,
  });

export const useWorklistUpdate = () =>
  useChannelMutation('worklist.update', { invalidates: ['worklist.list'] });
