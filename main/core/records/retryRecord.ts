// A record waiting in a retry tier: when the stage tries it next. The writer's own due time when it
// stamped one (eventdesk_due_at), otherwise the record's time plus the tier's delay.
import { eventdeskHeaders, springRetryTopicHeaders } from '../../../shared/deadLetterHeaderNames';
import { DEFAULT_RETRY_TIER_DELAYS_MS } from '../../../shared/referencePipeline';
import { headerValue, type KafkaRecord } from '../kafka/recordPort';
import { bytesToId } from './recordFields';

/** The headers a retry record's error and due time are read from (a read of retry topics keeps only these). */
export const retryHeaderNames: string[] = [
  eventdeskHeaders.lastError,
  eventdeskHeaders.dueAt,
  springRetryTopicHeaders.exceptionFqcn,
  springRetryTopicHeaders.exceptionMessage,
];

/** The delay of a 1-based retry tier; tiers past the known list wait as long as the last one. */
export function retryTierDelayMs(
  tier: number,
  delays: readonly number[] = DEFAULT_RETRY_TIER_DELAYS_MS,
): number {
  if (delays.length === 0) return 0;
  return delays[Math.min(Math.max(tier, 1), delays.length) - 1]!;
}

export function nextAttemptAt(record: Pick<KafkaRecord, 'headers' | 'timestamp'>, tier: number): number {
  const due = headerValue(record.headers, eventdeskHeaders.dueAt);
  const text = due ? bytesToId(due) : '';
  if (/^\d{1,15}$/.test(text)) return Number(text);
  return record.timestamp + retryTierDelayMs(tier);
}
