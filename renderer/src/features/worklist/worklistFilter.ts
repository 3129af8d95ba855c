// Filtering a list of payments or error groups by who handles them and how far: the item's worklist entry, or
// "unassigned, open" for one nobody touched yet.
import type { WorklistItem, WorklistState } from '../../../../shared/worklist';

export interface WorklistFilter {
  /** '*' anyone, '' unassigned, else a name. */
  assignee: string;
  /** '' any state. */
  state: '' | WorklistState;
}

export const ANY_WORK: WorklistFilter = { assignee: '*', state: '' };

export function isFiltering(filter: WorklistFilter): boolean {
  return filter.assignee !== '*' || filter.state !== '';
}

export function matchesWorklist(item: WorklistItem | undefined, filter: WorklistFilter): boolean {
  const assignee = item?.assignee ?? '';
  const state = item?.state ?? 'open';
  if (filter.assignee !== '*' && assignee !== filter.assignee) return false;
  if (filter.state !== '' && state !== filter.state) return false;
  return true;
}

/** "ana · snoozed", "ana", "resolved", or null for an item nobody touched. */
export function worklistLabel(item: WorklistItem | undefined): string | null {
  if (!item) return null;
  const parts = [item.assignee, item.state === 'open' ? null : item.state].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(' · ') : null;
}
