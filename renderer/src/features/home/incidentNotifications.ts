// Which stage incidents deserve a desktop notification: a stage that turned STALL, STOP or ERR, once per
// incident (an incident is a stage and the moment it left OK, so it ends when the stage is OK again).
import type { HealthStatus, PipelineHealth } from '../../../../shared/groups';
import type { Route } from '../shell/route';

const alarming: ReadonlySet<HealthStatus> = new Set(['STALL', 'STOP', 'ERR']);

export interface IncidentNotice {
  key: string;
  title: string;
  body: string;
  /** Where a click on the notification leads. */
  route: Route;
}

export function incidentNotices(
  health: PipelineHealth | undefined,
  notified: ReadonlySet<string>,
): IncidentNotice[] {
  if (!health) return [];
  const out: IncidentNotice[] = [];
  for (const s of health.stages) {
    if (!alarming.has(s.status) || s.since === null) continue;
    const key = `${s.stage}@${s.since}`;
    if (notified.has(key)) continue;
    out.push({
      key,
      title: `Eventdesk: ${s.stage} is ${s.status}`,
      body: s.reasons[0] ?? `The ${s.stage} stage needs attention.`,
      // Dead letters are where a person acts; otherwise the home page says what is wrong.
      route: s.deadLetters > 0 ? { page: 'dlq', topic: s.dlqTopic } : { page: 'home' },
    });
  }
  return out;
}
