// Payments: the stuck-payments view and the lookup of one payment id.
import { keepPreviousData } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { refreshMs, useChannelQuery } from './channelQuery';

export type StuckPaymentsInput = ChannelInput<'payments.stuck'>;

export const useStuckPayments = (input: StuckPaymentsInput, enabled = true) =>
  useChannelQuery('payments.stuck', input, {
    refetchInterval: refreshMs.slow,
    placeholderData: keepPreviousData,
    enabled,
  });

export const usePaymentLookup = (paymentId: string | null) =>
  useChannelQuery(
    'payments.find',
    { paymentId: paymentId ?? '' },
    { enabled: paymentId !== null && paymentId.trim() !== '', refetchInterval: refreshMs.data },
  );
