// The worklist channels: the shared list, and a change to one item.
import type { DomainHandlers } from '../../../shared/contract';
import { listWorklist, updateWorklist } from './worklist';
import type { WorklistLog } from './worklistLog';

export function createWorklistHandlers(deps: {
  log: () => Promise<WorklistLog>;
  who: () => string;
  now: () => number;
}): DomainHandlers<'worklist'> {
  return {
    'worklist.list': async (query, context) =>
      listWorklist(await deps.log(), query, {
        now: deps.now(),
        you: deps.who(),
        ...(context ? { signal: context.signal } : {}),
      }),
    'worklist.update': async (input) => updateWorklist(await deps.log(), input, deps.who(), deps.now()),
  };
}
