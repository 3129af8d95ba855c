// The home page against the fake transport: the stage rows with status, numbers and links into the filtered
// views, the headline that says where and since when, the chart's quiet state, and the payments link filter.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HealthHistory, PipelineHealth, StageHealth } from '../../../../shared/groups';
import type { StuckPaymentsResult } from '../../../../shared/payments';
import { fakeTransport } from '../../test/fakeTransport';
import { renderSettled } from '../../test/renderSettled';
import { PaymentsPage } from '../payments/PaymentsPage';
import { mapView } from '../../test/pipelineFixtures';
import { HomePage } from './HomePage';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const zero = { done: 0, pending: 0, late: 0, retrying: 0, 'dead-lettered': 0, redelivered: 0 };

function stage(name: string, overrides: Partial<StageHealth> = {}): StageHealth {
  return {
    stage: name,
    consumerGroup: name,
    dlqTopic: `payments.succeeded.${name}.dlq`,
    status: 'OK',
    reasons: [],
    since: null,
    groupState: 'Stable',
    members: 1,
    lag: '2',
    lagMs: 800,
    lagMsEstimated: false,
    retryWaiting: '0',
    deadLetters: 0,
    partitions: [],
    stuck: null,
    ...overrides,
  };
}

const incident: PipelineHealth = {
  at: now - 1_000,
  windowSamples: 10,
  windowMs: 45_000,
  stages: [
    stage('receipts', {
      status: 'ERR',
      reasons: [
        '7 new dead letters in the last 45 s',
        '12 dead letters not redelivered',
        '203 records waiting in retry',
      ],
      since: now - 4 * 60_000,
      lag: '203',
      lagMs: 75_000,
      retryWaiting: '203',
      deadLetters: 12,
    }),
    stage('fraud'),
  ],
};

const stuck: StuckPaymentsResult = {
  from: now - 3_600_000,
  to: now,
  events: 40,
  stuck: 2,
  counts: { receipts: { ...zero, done: 38, 'dead-lettered': 1, retrying: 1 }, fraud: { ...zero, done: 40 } },
  rows: [
    {
      paymentId: 'pay-old',
      ceId: null,
      partition: 0,
      offset: '3',
      eventTime: now - 300_000,
      ageMs: 300_000,
      stages: [
        { stage: 'receipts', state: 'dead-lettered' },
        { stage: 'fraud', state: 'done' },
      ],
    },
  ],
  matched: 2,
  truncated: false,
  elapsedMs: 5,
};

const quietHistory: HealthHistory = {
  from: now - 3_600_000,
  to: now,
  points: [
    {
      at: now - 5_000,
      stage: 'fraud',
      status: 'OK',
      lag: 0,
      lagMs: 0,
      retryWaiting: 0,
      deadLetters: 0,
      stuck: null,
    },
  ],
};

describe('HomePage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());

  it('shows where and since when, with numbers and links into the filtered views', async () => {
    const transport = fakeTransport({
      'groups.health': async () => incident,
      'groups.healthHistory': async () => quietHistory,
      'payments.stuck': async () => stuck,
    });
    const { html, text } = await renderSettled(<HomePage />, transport);
    expect(text).toMatch(/1 of 2 stages needs attention: receipts ERR since \d\d:\d\d:\d\d \(4 min\)/);
    expect(html).toContain('data-stage="receipts" data-status="ERR"');
    expect(html).toContain('data-stage="fraud" data-status="OK"');
    // Colour by status: the OK row with lag 2 is green, the failing one red.
    expect(html).toMatch(/class="badge chip status-chip tone-problem"[^>]*data-status="ERR"/);
    expect(html).toMatch(/class="badge chip status-chip tone-ok"[^>]*data-status="OK"/);
    expect(text).toContain('7 new dead letters in the last 45 s (+2 more)');
    expect(text).toContain('1 min 15 s');
    expect(html).toContain('href="#/dlq/payments.succeeded.receipts.dlq"');
    expect(html).toContain('href="#/payments?stage=receipts"');
    expect(text).toContain('5 min old · 2 stuck');
    expect(text).toContain('No stage had lag, stuck payments or dead letters in this range.');
    expect(transport.calls.find((c) => c.channel === 'groups.healthHistory')?.input).toEqual({
      rangeMs: 3_600_000,
    });
  });

  it('says all is well when every stage is OK', async () => {
    const transport = fakeTransport({
      'groups.health': async () => ({ ...incident, stages: [stage('receipts'), stage('fraud')] }),
      'groups.healthHistory': async () => quietHistory,
      'payments.stuck': async () => ({ ...stuck, rows: [], stuck: 0 }),
    });
    const { html, text } = await renderSettled(<HomePage />, transport);
    expect(text).toContain('All 2 stages OK');
    expect(html).toContain('headline tone-ok');
    expect(html).not.toContain('data-status="ERR"');
  });

  it('says what failed instead of loading forever', async () => {
    const transport = fakeTransport({
      'groups.health': async () => {
        throw Object.freeze({ code: 'not_connected', message: 'Not connected to a cluster.' });
      },
      'groups.healthHistory': async () => quietHistory,
      'payments.stuck': async () => stuck,
    });
    const { text } = await renderSettled(<HomePage />, transport);
    expect(text).toContain('Not connected to a cluster.');
  });

  it('opens the Payments page filtered to the linked stage', async () => {
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'payments.stuck': async () => stuck,
      'pipeline.unmappedGroups': async () => ({ sourceTopic: 'payments.succeeded', groups: [] }),
    });
    await renderSettled(<PaymentsPage stage="receipts" />, transport);
    expect(transport.calls.find((c) => c.channel === 'payments.stuck')?.input).toMatchObject({
      stage: 'receipts',
    });
  });
});
