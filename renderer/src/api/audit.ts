// The audit log: a filtered page of entries and its export.
import { keepPreviousData } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { refreshMs, useChannelMutation, useChannelQuery } from './channelQuery';

export type AuditInput = ChannelInput<'audit.list'>;

export const useAudit = (input: AuditInput) =>
  useChannelQuery('audit.list', input, {
    refetchInterval: refreshMs.data,
    placeholderData: keepPreviousData,
  });

export const useAuditExport = () => useChannelMutation('audit.export');
