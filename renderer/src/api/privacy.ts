// Revealing one record's personal data: main audits the read, then answers with the plain record.
import { useChannelMutation, type ChannelMutationOptions } from './channelQuery';

/** Every reveal adds an entry to the audit log. */
export const afterReveal: ChannelMutationOptions<'privacy.reveal'> = { invalidates: ['audit.list'] };

export const useRevealRecord = () => useChannelMutation('privacy.reveal', afterReveal);
