// Payments: the stuck-payments view and the lookup of one payment id. Main follows a live window (no fixed
// end) and pushes when its not-done set changed; while that is live the view polls only gently.
import { keepPreviousData } from '@tanstack/react-query';
import type { ChannelInput } from '../../../shared/contract';
import { refreshMs, useChannelQuery } from './channelQuery';
import { livePolling, useLiveInvalidation } from './live';

export type StuckPaymentsInput = ChannelInput<'payments.stuck'>;

/** The windows main follows: ending now, without done payments listed (those need the full read). */
export const isFollowedWindow = (input: StuckPaymentsInput) =>
  input.from === undefined && input.to === undefined && input.includeDone !== true && input.state !== 'done';

export const useStuckPayments = (input: StuckPaymentsInput, enabled = true) => {
  const live = useLiveInvalidation('payments.stuckChanged', ['payments.stuck']);
  return useChannelQuery('payments.stuck', input, {
    refetchInterval: livePolling(live && isFollowedWindow(input), refreshMs.slow),
    placeholderData: keepPreviousData,
    enabled,
  });
};

export const usePaymentLookup = (paymentId: string | null) =>
  useChannelQuery(
    'payments.find',
    { paymentId: paymentId ?? '' },
    { enabled: paymentId !== null && paymentId.trim() !== '', refetchInterval: refreshMs.data },
  );
