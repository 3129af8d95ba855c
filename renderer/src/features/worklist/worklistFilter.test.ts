import { describe, expect, it } from 'vitest';
import type { WorklistItem } from '../../../../shared/worklist';
import { ANY_WORK, isFiltering, matchesWorklist, worklistLabel } from './worklistFilter';

const item = (assignee: string | null, state: WorklistItem['state']) => ({ assignee, state }) as WorklistItem;

describe('worklist filter on a list', () => {
  it('treats a row nobody touched as unassigned and open', () => {
    expect(matchesWorklist(undefined, { assignee: '', state: 'open' })).toBe(true);
    expect(matchesWorklist(undefined, { assignee: 'ana', state: '' })).toBe(false);
    expect(matchesWorklist(undefined, ANY_WORK)).toBe(true);
    expect(isFiltering(ANY_WORK)).toBe(false);
  });

  it('matches by assignee and state', () => {
    expect(matchesWorklist(item('ana', 'snoozed'), { assignee: 'ana', state: 'snoozed' })).toBe(true);
    expect(matchesWorklist(item('ana', 'snoozed'), { assignee: 'ana', state: 'open' })).toBe(false);
    expect(matchesWorklist(item('ben', 'open'), { assignee: '', state: '' })).toBe(false);
  });

  it('labels who and how far', () => {
    expect(worklistLabel(item('ana', 'open'))).toBe('ana');
    expect(worklistLabel(item('ana', 'snoozed'))).toBe('ana · snoozed');
    expect(worklistLabel(item(null, 'resolved'))).toBe('resolved');
    expect(worklistLabel(item(null, 'open'))).toBeNull();
    expect(worklistLabel(undefined)).toBeNull();
  });
});
