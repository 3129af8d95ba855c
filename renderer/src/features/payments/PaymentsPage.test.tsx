// The Payments page against the fake transport: the stuck payments of the window, and the notice about
// consumer groups of the source topic that the map does not know.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StuckPaymentsResult } from '../../../../shared/payments';
import { fakeTransport } from '../../test/fakeTransport';
import { mapView, unmappedGroup, unmappedGroups } from '../../test/pipelineFixtures';
import { renderSettled } from '../../test/renderSettled';
import { PaymentsPage } from './PaymentsPage';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const zero = { done: 0, pending: 0, late: 0, retrying: 0, 'dead-lettered': 0, redelivered: 0 };

const stuck: StuckPaymentsResult = {
  from: now - 3_600_000,
  to: now,
  events: 10,
  stuck: 1,
  counts: { receipts: { ...zero, done: 9, 'dead-lettered': 1 } },
  rows: [
    {
      paymentId: 'pay-77',
      ceId: null,
      partition: 0,
      offset: '41',
      eventTime: now - 600_000,
      ageMs: 600_000,
      stages: [{ stage: 'receipts', state: 'dead-lettered', reason: 'SMTP 421' }],
    },
  ],
  matched: 1,
  truncated: false,
  elapsedMs: 12,
};

describe('PaymentsPage', () => {
  // The window start comes from the clock: hold it still so every render asks for the same window.
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());

  it('shows the stuck payments and a notice about the group the map does not know', async () => {
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'payments.stuck': async () => stuck,
      'pipeline.unmappedGroups': async () => unmappedGroups(unmappedGroup('loyalty')),
    });
    const { html, text } = await renderSettled(<PaymentsPage />, transport);
    expect(text).toContain('10 payment event(s) in the window · 1 not finished by every stage');
    expect(html).toContain('data-testid="stuck-row" data-payment-id="pay-77"');
    expect(text).toContain(
      '1 consumer group reads payments.succeeded but is not in the pipeline map — Review',
    );
    expect(html).toContain('href="#/map"');
    const asked = transport.calls.find((c) => c.channel === 'payments.stuck')?.input;
    // The last hour, ending now: one query as time moves.
    expect(asked).toEqual({ windowMs: 3_600_000, limit: 500 });
  });

  it('shows a retrying payment with its last error and when the stage tries it next', async () => {
    const retrying = {
      ...stuck,
      rows: [
        {
          ...stuck.rows[0]!,
          stages: [
            {
              stage: 'receipts',
              state: 'retrying' as const,
              reason: 'retry tier 2: SmtpUnavailable: connect ECONNREFUSED',
              at: now - 5_000,
              nextAttemptAt: now + 40_000,
            },
          ],
        },
      ],
    };
    const transport = fakeTransport({
      'pipeline.map': async () => mapView(),
      'payments.stuck': async () => retrying,
      'pipeline.unmappedGroups': async () => unmappedGroups(),
    });
    const { text } = await renderSettled(<PaymentsPage />, transport);
    expect(text).toContain('retry tier 2: SmtpUnavailable: connect ECONNREFUSED');
    expect(text).toMatch(/next attempt 2026-01-15 \d\d:00:40 \S+ \(in 40 s\)/);
  });
});
