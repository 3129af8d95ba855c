// One notification per incident and trigger, over series of health states: a stage that turns STALL, STOP
// or ERR; dead letters past the stage's threshold; the oldest stuck payment past its SLA. Each is re-armed
// only when its condition is known to have cleared.
import { describe, expect, it } from 'vitest';
import type { PipelineHealth, StageHealth } from '../../../../shared/groups';
import { DEFAULT_STAGE_THRESHOLDS, type SettingsView } from '../../../../shared/settings';
import { incidentNotices, type IncidentNotice } from './incidentNotifications';

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
      stuck: null,
      ...s,
    })),
  };
}

const settings = (
  stages: Record<string, { deadLetters: number; stuckSlaMinutes: number }>,
): SettingsView => ({
  storage: { kind: 'memory' },
  defaults: DEFAULT_STAGE_THRESHOLDS,
  stages: Object.entries(stages).map(([stage, t]) => ({ stage, ...t, isDefault: false })),
  problem: null,
});

/** Runs the states in order and returns the keys notified at each step. */
function run(states: [PipelineHealth | undefined, SettingsView | undefined][]): string[][] {
  let active: ReadonlySet<string> = new Set();
  return states.map(([h, s]) => {
    const step = incidentNotices(h, s, active);
    active = step.active;
    return step.notices.map((n) => n.key);
  });
}

const stuck = (count: number, oldestMin: number | null) => ({
  count,
  oldestAgeMs: oldestMin === null ? null : oldestMin * 60_000,
  computedAt: 1,
});

describe('incidentNotices', () => {
  it('notifies STALL, STOP and ERR once per incident, not WARN; WARN in between is the same incident', () => {
    const first = incidentNotices(
      health(
        { status: 'ERR', since: 100, reasons: ['5 new dead letters in the last 45 s'], deadLetters: 5 },
        { status: 'WARN', since: 100 },
        { status: 'STALL', since: 200, reasons: ['p[0]: committed offset 4 has not moved for 50 s, lag 9'] },
      ),
      undefined,
      new Set(),
    );
    expect(first.notices).toEqual<IncidentNotice[]>([
      {
        key: 'status:s0',
        trigger: 'status',
        stage: 's0',
        title: 'Eventdesk: s0 is ERR',
        body: '5 new dead letters in the last 45 s',
        route: { page: 'dlq', topic: 's0.dlq' },
      },
      {
        key: 'status:s2',
        trigger: 'status',
        stage: 's2',
        title: 'Eventdesk: s2 is STALL',
        body: 'p[0]: committed offset 4 has not moved for 50 s, lag 9',
        route: { page: 'home' },
      },
    ]);
    expect(
      run([
        [health({ status: 'STALL', since: 1 }), undefined],
        [health({ status: 'ERR', since: 1 }), undefined],
        [health({ status: 'WARN', since: 1 }), undefined],
        [health({ status: 'STALL', since: 1 }), undefined],
        [health({ status: 'OK' }), undefined],
        [health({ status: 'STOP', since: 9 }), undefined],
      ]),
    ).toEqual([['status:s0'], [], [], [], [], ['status:s0']]);
  });

  it('notifies dead letters past the threshold once, re-armed when they fall back to it', () => {
    const limits = settings({ s0: { deadLetters: 3, stuckSlaMinutes: 15 } });
    const dead = (n: number) => health({ status: n > 0 ? 'WARN' : 'OK', since: 1, deadLetters: n });
    expect(
      run([
        [dead(3), limits], // at the threshold: not past it
        [dead(4), limits],
        [dead(9), limits], // still the same incident
        [dead(9), undefined], // settings not read: nothing known, nothing re-armed
        [dead(3), limits], // cleared
        [dead(5), limits],
      ]),
    ).toEqual([[], ['dead-letters:s0'], [], [], [], ['dead-letters:s0']]);

    const [notice] = incidentNotices(dead(4), limits, new Set()).notices;
    expect(notice).toMatchObject({
      title: 'Eventdesk: s0 has 4 dead letters',
      body: 'More than the 3 dead letters set for s0 are waiting in s0.dlq.',
      route: { page: 'dlq', topic: 's0.dlq' },
    });
    // A stage without its own thresholds uses the defaults (10).
    expect(
      run([
        [dead(10), settings({})],
        [dead(11), settings({})],
      ]),
    ).toEqual([[], ['dead-letters:s0']]);
  });

  it('notifies the oldest stuck payment past the SLA once, re-armed only when it is known to be under it', () => {
    const limits = settings({ s0: { deadLetters: 10, stuckSlaMinutes: 20 } });
    const at = (count: number, oldestMin: number | null) => health({ stuck: stuck(count, oldestMin) });
    expect(
      run([
        [at(2, 20), limits], // exactly the SLA: not past it
        [at(2, 21), limits],
        [health({ stuck: null }), limits], // not computed lately: unknown, the incident stays
        [at(3, 40), limits],
        [at(0, null), limits], // none stuck: cleared
        [at(1, 25), limits],
      ]),
    ).toEqual([[], ['stuck-sla:s0'], [], [], [], ['stuck-sla:s0']]);

    const [notice] = incidentNotices(at(3, 21), limits, new Set()).notices;
    expect(notice).toMatchObject({
      trigger: 'stuck-sla',
      title: 'Eventdesk: a payment is stuck at s0 for 21 min',
      body: '3 payments stuck at s0; the oldest is past the 20 min set for it.',
      route: { page: 'payments', stage: 's0' },
    });
  });

  it('keeps the three triggers of a stage apart, and forgets a stage that left the map', () => {
    const limits = settings({ s0: { deadLetters: 0, stuckSlaMinutes: 1 } });
    const bad = health({ status: 'ERR', since: 1, deadLetters: 1, stuck: stuck(1, 5) });
    const step = incidentNotices(bad, limits, new Set());
    expect(step.notices.map((n) => n.key)).toEqual(['status:s0', 'dead-letters:s0', 'stuck-sla:s0']);
    const gone = incidentNotices({ ...bad, stages: [] }, limits, step.active);
    expect([...gone.active]).toEqual([]);
    // Before the first sample nothing is judged, and nothing open is forgotten.
    expect(incidentNotices({ ...bad, at: null }, limits, step.active).active).toEqual(step.active);
  });
});
