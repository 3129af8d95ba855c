// The groups channels: every consumer group with its lag, one group per partition, and each pipeline stage's
// health by Burrow's rules with its recent history.
import type { DomainHandlers } from '../../../shared/contract';
import { asRefusal } from '../brokerRefusal';
import type { GroupsUseCases } from './groups';
import type { StageHealthTracker } from './stageHealth';

export function createGroupsHandlers(deps: {
  groups: GroupsUseCases;
  health: StageHealthTracker;
  now: () => number;
  /** Who the broker judges (`User:bob`), for the words of a refusal. */
  principal?: () => string | null;
}): DomainHandlers<'groups'> {
  const { groups, health, now } = deps;
  return {
    'groups.list': () => groups.list(),
    // A group the principal may not describe (GROUP_AUTHORIZATION_FAILED) is said as such, naming the group.
    'groups.describe': ({ groupId }) =>
      groups.describe(groupId).catch((error: unknown) => {
        throw asRefusal(error, {
          action: `describe the consumer group \`${groupId}\``,
          needs: 'DESCRIBE on that group',
          principal: deps.principal?.() ?? null,
        });
      }),
    'groups.health': async () => health.current(),
    'groups.healthHistory': async ({ rangeMs }) => health.history(rangeMs, now()),
  };
}
