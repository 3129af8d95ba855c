// The groups channels: every consumer group with its lag, one group per partition, and each pipeline stage's
// health by Burrow's rules with its recent history.
import type { DomainHandlers } from '../../../shared/contract';
import type { GroupsUseCases } from './groups';
import type { StageHealthTracker } from './stageHealth';

export function createGroupsHandlers(deps: {
  groups: GroupsUseCases;
  health: StageHealthTracker;
  now: () => number;
}): DomainHandlers<'groups'> {
  const { groups, health, now } = deps;
  return {
    'groups.list': () => groups.list(),
    'groups.describe': ({ groupId }) => groups.describe(groupId),
    'groups.health': async () => health.current(),
    'groups.healthHistory': async ({ rangeMs }) => health.history(rangeMs, now()),
  };
}
