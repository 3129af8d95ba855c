// The worklist's rules, free of Kafka: how one entry read from the log changes an item. A change (assign,
// snooze, resolve, reopen) applies only when it was based on the item's current version; the first one
// written wins and any other based on the same version is refused, the way claims on the redelivery ledger
// are decided by log order. Notes are never refused.
import { z } from 'zod';
import {
  subjectKey,
  worklistActionSchema,
  worklistSubjectSchema,
  type WorklistAction,
  type WorklistChange,
  type WorklistItem,
  type WorklistQuery,
  type WorklistState,
  type WorklistSubject,
} from '../../../shared/worklist';

/** One entry as stored in the worklist topic. */
export interface WorklistEntry {
  type: 'worklist';
  entryId: string;
  subject: WorklistSubject;
  action: WorklistAction;
  who: string;
  at: number;
  basedOn: string | null;
}

/** The most notes and history an item keeps; older ones are summarised away (a worklist item is short-lived). */
export const ITEM_HISTORY_LIMIT = 200;

export type ApplyOutcome = { applied: true } | { applied: false; winner: WorklistChange | undefined };

function emptyItem(entry: WorklistEntry): WorklistItem {
  return {
    key: subjectKey(entry.subject),
    subject: entry.subject,
    version: null,
    assignee: null,
    state: 'open',
    snoozedUntil: null,
    resolution: null,
    notes: [],
    history: [],
    updatedAt: entry.at,
  };
}

function pushBounded<T>(list: T[], value: T): void {
  list.push(value);
  if (list.length > ITEM_HISTORY_LIMIT) list.splice(0, list.length - ITEM_HISTORY_LIMIT);
}

/** Applies one entry at `offset` to its item (created when absent); says whether the change took effect. */
export function applyEntry(
  item: WorklistItem | undefined,
  entry: WorklistEntry,
  offset: string,
): { item: WorklistItem; outcome: ApplyOutcome } {
  const next = item ?? emptyItem(entry);
  const change: WorklistChange = { who: entry.who, at: entry.at, action: entry.action };
  if (entry.action.type === 'note') {
    pushBounded(next.notes, { who: entry.who, at: entry.at, text: entry.action.text });
    next.updatedAt = entry.at;
    return { item: next, outcome: { applied: true } };
  }
  if (entry.basedOn !== next.version) {
    return { item: next, outcome: { applied: false, winner: next.history.at(-1) } };
  }
  const action = entry.action;
  switch (action.type) {
    case 'assign':
      next.assignee = action.assignee;
      break;
    case 'snooze':
      next.state = 'snoozed';
      next.snoozedUntil = action.until;
      break;
    case 'resolve':
      next.state = 'resolved';
      next.snoozedUntil = null;
      next.resolution = { reason: action.reason, who: entry.who, at: entry.at };
      break;
    case 'reopen':
      next.state = 'open';
      next.snoozedUntil = null;
      next.resolution = null;
      break;
  }
  next.version = offset;
  next.updatedAt = entry.at;
  pushBounded(next.history, change);
  return { item: next, outcome: { applied: true } };
}

/** The state a person sees now: a snooze that has run out is open again. */
export function currentState(item: WorklistItem, now: number): WorklistState {
  if (item.state === 'snoozed' && item.snoozedUntil !== null && item.snoozedUntil <= now) return 'open';
  return item.state;
}

export function matchesQuery(item: WorklistItem, query: WorklistQuery, now: number): boolean {
  if (query.kind !== undefined && item.subject.kind !== query.kind) return false;
  if (query.state !== undefined && currentState(item, now) !== query.state) return false;
  if (query.assignee !== undefined && (item.assignee ?? '') !== query.assignee) return false;
  if (query.keys !== undefined && !query.keys.includes(item.key)) return false;
  return true;
}

const entrySchema = z
  .object({
    type: z.literal('worklist'),
    entryId: z.string().min(1).max(64),
    subject: worklistSubjectSchema,
    action: worklistActionSchema,
    who: z.string().max(256),
    at: z.number().int().nonnegative(),
    basedOn: z.string().regex(/^\d+$/).nullable(),
  })
  .strict();

/** An entry read from the topic, or null for anything that is not one (written by hand, or by a newer console). */
export function parseEntry(text: string): WorklistEntry | null {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
