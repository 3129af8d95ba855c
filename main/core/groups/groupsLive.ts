// What the lag watcher tells subscribed pages after each sample: the groups whose lag, state or members
// changed, and the stages whose health changed. A sample that changed nothing pushes nothing.
import type { PipelineHealth, StageHealth } from '../../../shared/groups';
import { ChangeTracker, type LivePublisher } from '../live/liveHub';
import type { GroupsSample } from './groups';

export interface GroupsLive {
  sampled(sample: GroupsSample): void;
  judged(health: PipelineHealth): void;
}

/** Everything a page shows of a stage's health, without the sample time (which moves every sample). */
function healthKey(s: StageHealth): string {
  return JSON.stringify([
    s.status,
    s.reasons,
    s.since,
    s.groupState,
    s.members,
    s.lag,
    s.lagMs,
    s.lagMsEstimated,
    s.retryWaiting,
    s.deadLetters,
    s.dlqTopic,
    s.consumerGroup,
    s.partitions,
    // The oldest stuck payment ages every sample; a page needs to hear of it once a minute (SLAs are minutes).
    s.stuck === null
      ? null
      : [s.stuck.count, s.stuck.oldestAgeMs === null ? null : Math.floor(s.stuck.oldestAgeMs / 60_000)],
  ]);
}

export function createGroupsLive(publisher: LivePublisher): GroupsLive {
  const groups = new ChangeTracker<string>();
  const stages = new ChangeTracker<string>();
  return {
    sampled({ at, lines }) {
      const changed = groups.changed(new Map(lines.map((l) => [l.groupId, l.key])));
      if (changed.length > 0) publisher.publish('groups.changed', { at, groups: changed.sort() });
    },
    judged(health) {
      const changed = stages.changed(new Map(health.stages.map((s) => [s.stage, healthKey(s)])));
      if (changed.length > 0 && health.at !== null)
        publisher.publish('health.changed', { at: health.at, stages: changed.sort() });
    },
  };
}
