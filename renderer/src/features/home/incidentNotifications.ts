// Which stage incidents deserve a desktop notification, over a series of health states. Three triggers per
// stage: it turned STALL, STOP or ERR; its outstanding dead letters grew past its threshold; its oldest stuck
// payment passed its SLA. Each fires once per incident and is re-armed only when its condition is known to
// have cleared (the stage OK again, dead letters back at or under the threshold, no stuck payment over the
// SLA); an unknown state (no sample yet, no settings, stuck payments not computed lately) changes nothing.
import type { HealthStatus, PipelineHealth, StageHealth } from '../../../../shared/groups';
import { thresholdsOf, type SettingsView, type StageThresholds } from '../../../../shared/settings';
import { formatDuration } from '../../format/time';
import type { Route } from '../shell/route';

const alarming: ReadonlySet<HealthStatus> = new Set(['STALL', 'STOP', 'ERR']);

export type IncidentTrigger = 'status' | 'dead-letters' | 'stuck-sla';

export interface IncidentNotice {
  /** `<trigger>:<stage>`: one incident per trigger and stage at a time. */
  key: string;
  trigger: IncidentTrigger;
  stage: string;
  title: string;
  body: string;
  /** Where a click on the notification leads. */
  route: Route;
}

/** Per trigger: true (fire), false (cleared: re-arm) or null (not known now: leave as is). */
type Condition = (stage: StageHealth, limits: StageThresholds | null) => boolean | null;

const conditions: Record<IncidentTrigger, Condition> = {
  // An incident lasts until the stage is OK again (as `since` does): STALL → WARN → STALL is one incident.
  status: (s) => (alarming.has(s.status) ? true : s.status === 'OK' ? false : null),
  'dead-letters': (s, limits) => (limits === null ? null : s.deadLetters > limits.deadLetters),
  'stuck-sla': (s, limits) => {
    if (limits === null || s.stuck === null) return null;
    return s.stuck.oldestAgeMs !== null && s.stuck.oldestAgeMs > limits.stuckSlaMinutes * 60_000;
  },
};

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function noticeOf(trigger: IncidentTrigger, s: StageHealth, limits: StageThresholds | null): IncidentNotice {
  const key = `${trigger}:${s.stage}`;
  switch (trigger) {
    case 'status':
      return {
        key,
        trigger,
        stage: s.stage,
        title: `Eventdesk: ${s.stage} is ${s.status}`,
        body: s.reasons[0] ?? `The ${s.stage} stage needs attention.`,
        // Dead letters are where a person acts; otherwise the home page says what is wrong.
        route: s.deadLetters > 0 ? { page: 'dlq', topic: s.dlqTopic } : { page: 'home' },
      };
    case 'dead-letters':
      return {
        key,
        trigger,
        stage: s.stage,
        title: `Eventdesk: ${s.stage} has ${plural(s.deadLetters, 'dead letter')}`,
        body: `More than the ${plural(limits!.deadLetters, 'dead letter')} set for ${s.stage} are waiting in ${s.dlqTopic}.`,
        route: { page: 'dlq', topic: s.dlqTopic },
      };
    case 'stuck-sla':
      return {
        key,
        trigger,
        stage: s.stage,
        title: `Eventdesk: a payment is stuck at ${s.stage} for ${formatDuration(s.stuck!.oldestAgeMs!)}`,
        body: `${plural(s.stuck!.count, 'payment')} stuck at ${s.stage}; the oldest is past the ${limits!.stuckSlaMinutes} min set for it.`,
        route: { page: 'payments', stage: s.stage },
      };
  }
}

export interface NoticeStep {
  notices: IncidentNotice[];
  /** Keys of incidents notified and not yet cleared: pass them to the next step. */
  active: Set<string>;
}

/** One health state: the notices to show now, and the incidents still open. */
export function incidentNotices(
  health: PipelineHealth | undefined,
  settings: SettingsView | undefined,
  active: ReadonlySet<string>,
): NoticeStep {
  const next = new Set(active);
  if (!health || health.at === null) return { notices: [], active: next };
  const notices: IncidentNotice[] = [];
  const stages = new Set(health.stages.map((s) => s.stage));
  // A stage that left the map has no incident any more.
  for (const key of active) if (!stages.has(key.slice(key.indexOf(':') + 1))) next.delete(key);
  for (const s of health.stages) {
    const limits = settings ? thresholdsOf(settings, s.stage) : null;
    for (const trigger of Object.keys(conditions) as IncidentTrigger[]) {
      const key = `${trigger}:${s.stage}`;
      const holds = conditions[trigger](s, limits);
      if (holds === false) next.delete(key);
      else if (holds === true && !next.has(key)) {
        next.add(key);
        notices.push(noticeOf(trigger, s, limits));
      }
    }
  }
  return { notices, active: next };
}
