// The worklist domain: the team's shared list of failures someone is handling. An item is a payment or an
// error group of one dead-letter topic; people assign it, add notes, snooze it and resolve it. Every console
// reads the same list from one Kafka topic, so what one person does the others see within seconds.
import { z } from 'zod';
import { epochMs, topicNameInput } from './offset';

export const worklistSubjectSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('payment'), paymentId: z.string().min(1).max(512) }).strict(),
    z
      .object({
        kind: z.literal('error-group'),
        dlqTopic: topicNameInput,
        fingerprint: z.string().min(1).max(128),
        /** The normalised error, so the list can say what the group is without reading the DLQ. */
        label: z.string().max(512).optional(),
      })
      .strict(),
  ],
  { error: 'expected {"kind":"payment",…} or {"kind":"error-group",…}' },
);
export type WorklistSubject = z.output<typeof worklistSubjectSchema>;

/** One key per subject: every entry about it lands in one partition, so log order decides between people. */
export function subjectKey(subject: WorklistSubject): string {
  return subject.kind === 'payment'
    ? `payment/${subject.paymentId}`
    : `error-group/${subject.dlqTopic}/${subject.fingerprint}`;
}

const person = z.string().trim().min(1, 'expected a name').max(128, 'a name has at most 128 characters');
const reason = z.string().trim().min(1, 'expected a reason').max(1000, 'at most 1000 characters');

export const worklistActionSchema = z.discriminatedUnion(
  'type',
  [
    /** null unassigns. */
    z.object({ type: z.literal('assign'), assignee: person.nullable() }).strict(),
    z.object({ type: z.literal('note'), text: reason }).strict(),
    z.object({ type: z.literal('snooze'), until: epochMs }).strict(),
    z.object({ type: z.literal('resolve'), reason }).strict(),
    z.object({ type: z.literal('reopen') }).strict(),
  ],
  { error: 'expected an action: assign, note, snooze, resolve or reopen' },
);
export type WorklistAction = z.output<typeof worklistActionSchema>;

export const worklistUpdateInput = z
  .object({
    subject: worklistSubjectSchema,
    action: worklistActionSchema,
    /**
     * The item's version the person saw (null: the item did not exist). A change based on an older version
     * loses to the one written first; notes are never refused.
     */
    basedOn: z.string().regex(/^\d+$/).nullable(),
  })
  .strict();

export const WORKLIST_STATES = ['open', 'snoozed', 'resolved'] as const;
export type WorklistState = (typeof WORKLIST_STATES)[number];

export const worklistListInput = z
  .object({
    /** An assignee's name, or "" for unassigned items. */
    assignee: z.string().max(128).optional(),
    state: z.enum(WORKLIST_STATES).optional(),
    kind: z.enum(['payment', 'error-group']).optional(),
    /** Only these subjects (e.g. the rows a page shows), by subjectKey. */
    keys: z.array(z.string().max(1024)).max(1000).optional(),
  })
  .strict();
export type WorklistQuery = z.output<typeof worklistListInput>;

export interface WorklistNote {
  who: string;
  at: number;
  text: string;
}

/** A change the ledger applied, newest last (the item's history). */
export interface WorklistChange {
  who: string;
  at: number;
  action: WorklistAction;
}

export interface WorklistItem {
  key: string;
  subject: WorklistSubject;
  /** The offset of the last change applied (null: only notes so far); a change must be based on it. */
  version: string | null;
  assignee: string | null;
  /** Snoozed items count as open again once `snoozedUntil` has passed. */
  state: WorklistState;
  snoozedUntil: number | null;
  resolution: { reason: string; who: string; at: number } | null;
  notes: WorklistNote[];
  history: WorklistChange[];
  updatedAt: number;
}

export interface WorklistList {
  items: WorklistItem[];
  /** Everyone an item is assigned to, for the filter. */
  assignees: string[];
  /** The person at this console, as the worklist records them ("Assign to me"). */
  you: string;
}

/**
 * applied: the change is in the list. conflict: someone else changed the item first (their change is in
 * `item`); nothing of this change was applied.
 */
export interface WorklistUpdateResult {
  outcome: 'applied' | 'conflict';
  item: WorklistItem;
  /** For a conflict: who changed the item first, and what they did. */
  winner?: WorklistChange;
}
