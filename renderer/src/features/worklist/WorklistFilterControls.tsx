// "Assigned to" and "Work state" selects for a list of payments or error groups, and the worklist entries of
// the rows on screen (one worklist.list call for all of them).
import type { WorklistItem, WorklistState } from '../../../../shared/worklist';
import { useWorklist } from '../../api/worklist';
import type { WorklistFilter } from './worklistFilter';

export function useWorklistIndex(keys: readonly string[]): {
  items: Map<string, WorklistItem>;
  names: string[];
} {
  // Nothing to ask about while the list itself is still loading.
  const list = useWorklist({ keys: keys.slice(0, 1000) }, keys.length > 0);
  const items = new Map((list.data?.items ?? []).map((i) => [i.key, i]));
  const names = list.data ? [...new Set([list.data.you, ...list.data.assignees])].sort() : [];
  return { items, names };
}

export function WorklistFilterControls({
  value,
  onChange,
  names,
  testId,
}: {
  value: WorklistFilter;
  onChange: (next: WorklistFilter) => void;
  names: readonly string[];
  testId: string;
}) {
  return (
    <>
      <label className="field-inline">
        <span>Assigned to</span>
        <select
          value={value.assignee}
          onChange={(e) => onChange({ ...value, assignee: e.target.value })}
          data-testid={`${testId}-assignee`}
        >
          <option value="*">Anyone</option>
          <option value="">Unassigned</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>Work</span>
        <select
          value={value.state}
          onChange={(e) => onChange({ ...value, state: e.target.value as '' | WorklistState })}
          data-testid={`${testId}-state`}
        >
          <option value="">any</option>
          <option value="open">open</option>
          <option value="snoozed">snoozed</option>
          <option value="resolved">resolved</option>
        </select>
      </label>
    </>
  );
}
