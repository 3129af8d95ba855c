// One notification per incident: a stage that turns STALL, STOP or ERR, keyed by when it left OK.
import { describe, expect, it } from 'vitest';
import type { PipelineHealth, StageHealth } from '../../../../shared/groups';
import { incidentNotices } from './incidentNotifications';

function health(...stages: Partial<StageHealth>[]): PipelineHealth {
  return {
    at: 1,
    windowSamples: 10,
    windowMs: 45_000,
    stages: stages.map((s, i) => ({
      stage: `s${i}`,
      consumerGroup: `s${i}`,
      dlqTopic: `s${i}.dlq`,
      status: 'OK',
      reasons: [],
      since: null,
      groupState: 'Stable',
      members: 1,
      lag: '0',
      lagMs: 0,
      lagMsEstimated: false,
      retryWaiting: '0',
      deadLetters: 0,
      partitions: [],
      ...s,
    })),
  };
}

describe('incidentNotices', () => {
  it('notifies STALL, STOP and ERR once per incident, not WARN or OK', () => {
    const now = health(
      { status: 'ERR', since: 100, reasons: ['5 new dead letters in the last 45 s'], deadLetters: 5 },
      { status: 'WARN', since: 100 },
      { status: 'STALL', since: 200, reasons: ['p[0]: committed offset 4 has not moved for 50 s, lag 9'] },
    );
    const notices = incidentNotices(now, new Set());
    expect(notices).toEqual([
      {
        key: 's0@100',
        title: 'Eventdesk: s0 is ERR',
        body: '5 new dead letters in the last 45 s',
        route: { page: 'dlq', topic: 's0.dlq' },
      },
      {
        key: 's2@200',
        title: 'Eventdesk: s2 is STALL',
        body: 'p[0]: committed offset 4 has not moved for 50 s, lag 9',
        route: { page: 'home' },
      },
    ]);
    expect(incidentNotices(now, new Set(notices.map((n) => n.key)))).toEqual([]);
    // The same stage failing again after it was OK is a new incident.
    expect(incidentNotices(health({ status: 'ERR', since: 900 }), new Set(['s0@100']))).toHaveLength(1);
  });
});
