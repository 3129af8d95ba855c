// The worklist use cases: the list every console shares, filtered, and one person's change to an item.
import type {
  WorklistAction,
  WorklistItem,
  WorklistList,
  WorklistQuery,
  WorklistUpdateResult,
} from '../../../shared/worklist';
import { invalidInput } from '../appFailure';
import { currentState, matchesQuery } from './worklistItems';
import type { WorklistLog } from './worklistLog';

/** An item as a person sees it now (a snooze that ran out reads as open). */
function asOf(item: WorklistItem, now: number): WorklistItem {
  return { ...item, state: currentState(item, now) };
}

export async function listWorklist(
  log: WorklistLog,
  query: WorklistQuery,
  context: { now: number; you: string; signal?: AbortSignal },
): Promise<WorklistList> {
  const { now, you, signal } = context;
  await log.catchUp(signal);
  const all = log.all();
  const items = all
    .filter((item) => matchesQuery(item, query, now))
    .map((item) => asOf(item, now))
    .sort((a, b) => b.updatedAt - a.updatedAt);
  const assignees = [
    ...new Set(all.flatMap((item) => (item.assignee === null ? [] : [item.assignee]))),
  ].sort();
  return { items, assignees, you };
}

function checkAction(action: WorklistAction, now: number): void {
  if (action.type === 'snooze' && action.until <= now) {
    throw invalidInput('A snooze must end in the future.');
  }
}

export async function updateWorklist(
  log: WorklistLog,
  change: { subject: WorklistItem['subject']; action: WorklistAction; basedOn: string | null },
  who: string,
  now: number,
): Promise<WorklistUpdateResult> {
  checkAction(change.action, now);
  const { item, outcome } = await log.write({ ...change, who, at: now });
  if (outcome.applied) return { outcome: 'applied', item: asOf(item, now) };
  return {
    outcome: 'conflict',
    item: asOf(item, now),
    ...(outcome.winner ? { winner: outcome.winner } : {}),
  };
}
