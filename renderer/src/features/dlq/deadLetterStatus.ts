// How a dead letter's status reads in the lists: a word, a tone, and the detail behind it.
import type { DeadLetterStatus, DlqRecordSummary } from '../../../../shared/dlq';
import { formatDateTime } from '../../format/time';

export const statusWords: Record<DeadLetterStatus, string> = {
  outstanding: 'outstanding',
  'loop-guard': 'skipped by the loop guard',
  redelivered: 'redelivered, pending',
  confirmed: 'confirmed',
  'failed-again': 'failed again',
};

export const statusTone: Record<DeadLetterStatus, string> = {
  outstanding: 'tone-pending',
  'loop-guard': 'tone-problem',
  redelivered: 'tone-accent',
  confirmed: 'tone-ok',
  'failed-again': 'tone-problem',
};

/** The line under the badge: who redelivered it and when, or the new error when it failed again. */
export function statusDetail(r: DlqRecordSummary, maxRedeliveries?: number): string | null {
  if (r.status === 'failed-again' && r.failedAgain) {
    const error = [r.failedAgain.exceptionClass, r.failedAgain.message].filter(Boolean).join(': ');
    return `${error || 'no error recorded'} (offset ${r.failedAgain.offset}, ${formatDateTime(r.failedAgain.timestamp)})`;
  }
  if (r.status === 'loop-guard')
    return `redelivered ${r.redeliveryCount} time${r.redeliveryCount === 1 ? '' : 's'}${maxRedeliveries !== undefined ? ` (limit ${maxRedeliveries})` : ''}`;
  if (r.ledger) return `by ${r.ledger.who} at ${formatDateTime(r.ledger.at)}`;
  return null;
}
