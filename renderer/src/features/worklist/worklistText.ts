// Words for worklist items and changes, shared by the page and the controls.
import type { WorklistChange, WorklistItem, WorklistSubject } from '../../../../shared/worklist';
import { formatDateTime } from '../../format/time';

export function subjectLabel(subject: WorklistSubject): string {
  return subject.kind === 'payment'
    ? `Payment ${subject.paymentId}`
    : `Error group ${subject.label ?? subject.fingerprint} in ${subject.dlqTopic}`;
}

export function changeText(change: WorklistChange): string {
  const { action } = change;
  switch (action.type) {
    case 'assign':
      if (action.assignee === null) return `${change.who} unassigned it`;
      return action.assignee === change.who
        ? `${change.who} took it`
        : `${change.who} assigned it to ${action.assignee}`;
    case 'snooze':
      return `${change.who} snoozed it until ${formatDateTime(action.until)}`;
    case 'resolve':
      return `${change.who} resolved it: ${action.reason}`;
    case 'reopen':
      return `${change.who} reopened it`;
    case 'note':
      return `${change.who} added a note`;
  }
}

export function stateText(item: WorklistItem): string {
  if (item.state === 'snoozed' && item.snoozedUntil !== null)
    return `snoozed until ${formatDateTime(item.snoozedUntil)}`;
  return item.state;
}
