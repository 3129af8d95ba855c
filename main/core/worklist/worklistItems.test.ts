import { describe, expect, it } from 'vitest';
import type { WorklistAction, WorklistItem } from '../../../shared/worklist';
import {
  applyEntry,
  currentState,
  ITEM_HISTORY_LIMIT,
  matchesQuery,
  parseEntry,
  type WorklistEntry,
} from './worklistItems';

const subject = { kind: 'payment', paymentId: 'pay-1' } as const;

function entry(action: WorklistAction, basedOn: string | null, who = 'ana', at = 1000): WorklistEntry {
  return { type: 'worklist', entryId: `${who}-${at}`, subject, action, who, at, basedOn };
}

/** Applies entries at offsets 0, 1, 2… and returns the item and each outcome. */
function replay(entries: WorklistEntry[]): { item: WorklistItem; applied: boolean[] } {
  let item: WorklistItem | undefined;
  const applied: boolean[] = [];
  entries.forEach((e, offset) => {
    const step = applyEntry(item, e, String(offset));
    item = step.item;
    applied.push(step.outcome.applied);
  });
  return { item: item!, applied };
}

describe('worklist rules', () => {
  it('of two assignments based on the same version, the first in the log wins and the second is refused', () => {
    const first = entry({ type: 'assign', assignee: 'ana' }, null, 'ana', 1);
    const second = entry({ type: 'assign', assignee: 'ben' }, null, 'ben', 2);
    const { item, applied } = replay([first, second]);
    expect(applied).toEqual([true, false]);
    expect(item.assignee).toBe('ana');
    expect(item.version).toBe('0');
    const refused = applyEntry(item, entry({ type: 'assign', assignee: 'ben' }, null, 'ben', 3), '2');
    expect(refused.outcome).toEqual({
      applied: false,
      winner: { who: 'ana', at: 1, action: { type: 'assign', assignee: 'ana' } },
    });
  });

  it('a change based on the current version applies and moves the version to its offset', () => {
    const { item, applied } = replay([
      entry({ type: 'assign', assignee: 'ana' }, null),
      entry({ type: 'resolve', reason: 'customer refunded' }, '0', 'ana', 2000),
    ]);
    expect(applied).toEqual([true, true]);
    expect(item).toMatchObject({
      version: '1',
      state: 'resolved',
      resolution: { reason: 'customer refunded', who: 'ana', at: 2000 },
    });
  });

  it('notes are never refused and do not move the version', () => {
    const { item, applied } = replay([
      entry({ type: 'assign', assignee: 'ana' }, null),
      entry({ type: 'note', text: 'called the customer' }, null, 'ben', 1500),
      entry({ type: 'snooze', until: 9000 }, '0'),
    ]);
    expect(applied).toEqual([true, true, true]);
    expect(item.notes).toEqual([{ who: 'ben', at: 1500, text: 'called the customer' }]);
    expect(item.version).toBe('2');
  });

  it('a snooze that has run out reads as open; reopen clears a resolution', () => {
    const snoozed = replay([entry({ type: 'snooze', until: 5000 }, null)]).item;
    expect(currentState(snoozed, 4999)).toBe('snoozed');
    expect(currentState(snoozed, 5000)).toBe('open');
    const reopened = replay([
      entry({ type: 'resolve', reason: 'done' }, null),
      entry({ type: 'reopen' }, '0'),
    ]).item;
    expect(reopened).toMatchObject({ state: 'open', resolution: null });
  });

  it('filters by assignee ("" is unassigned), state and kind', () => {
    const mine = replay([entry({ type: 'assign', assignee: 'ana' }, null)]).item;
    const nobody = replay([entry({ type: 'note', text: 'x' }, null)]).item;
    expect(matchesQuery(mine, { assignee: 'ana' }, 0)).toBe(true);
    expect(matchesQuery(nobody, { assignee: 'ana' }, 0)).toBe(false);
    expect(matchesQuery(nobody, { assignee: '' }, 0)).toBe(true);
    expect(matchesQuery(mine, { state: 'resolved' }, 0)).toBe(false);
    expect(matchesQuery(mine, { kind: 'error-group' }, 0)).toBe(false);
    expect(matchesQuery(mine, { keys: ['payment/pay-1'] }, 0)).toBe(true);
  });

  it('keeps a bounded history however many changes an item sees', () => {
    const entries = Array.from({ length: ITEM_HISTORY_LIMIT + 50 }, (_, i) =>
      entry({ type: 'assign', assignee: `p${i}` }, i === 0 ? null : String(i - 1), 'ana', i),
    );
    const { item, applied } = replay(entries);
    expect(applied.every(Boolean)).toBe(true);
    expect(item.history).toHaveLength(ITEM_HISTORY_LIMIT);
    expect(item.assignee).toBe(`p${ITEM_HISTORY_LIMIT + 49}`);
  });

  it('ignores records that are not worklist entries', () => {
    expect(parseEntry('not json')).toBeNull();
    expect(parseEntry('{"type":"claim"}')).toBeNull();
    expect(
      parseEntry(JSON.stringify({ ...entry({ type: 'reopen' }, null), subject: { kind: 'x' } })),
    ).toBeNull();
    expect(parseEntry(JSON.stringify(entry({ type: 'reopen' }, '4')))).toMatchObject({ basedOn: '4' });
  });
});
