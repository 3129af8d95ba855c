// Browsing records: the input of a scan (followed by features/browse/useRecordScan) and one whole record.
import type { ChannelInput } from '../../../shared/contract';
import { useChannelQuery } from './channelQuery';

export type BrowseInput = ChannelInput<'records.browse'>;

/** The whole record (the list views truncate large values); loaded only when the person asks. */
export const useFullRecord = (target: { topic: string; partition: number; offset: string } | null) =>
  useChannelQuery('records.get', target ?? { topic: '', partition: 0, offset: '0' }, {
    enabled: target !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
