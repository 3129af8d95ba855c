// The groups channels: every consumer group with its lag, and one group per partition.
import type { DomainHandlers } from '../../../shared/contract';
import type { GroupsUseCases } from './groups';

export function createGroupsHandlers(deps: { groups: GroupsUseCases }): DomainHandlers<'groups'> {
  const { groups } = deps;
  return {
    'groups.list': () => groups.list(),
    'groups.describe': ({ groupId }) => groups.describe(groupId),
  };
}
