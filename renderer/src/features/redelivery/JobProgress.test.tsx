// A job's progress against the fake transport: confirmed / failed again / waiting, and the failures with
// their error and next attempt.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RedeliveryJobStatus } from '../../../../shared/redelivery';
import { fakeTransport } from '../../test/fakeTransport';
import { renderSettled } from '../../test/renderSettled';
import { JobProgressView } from './JobProgress';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

const job: RedeliveryJobStatus = {
  jobId: 'j1',
  state: 'confirming',
  who: 'ana',
  why: 'SMTP back',
  dlqTopic: 'payments.succeeded.receipts.dlq',
  ratePerSecond: 50,
  toMove: 321,
  moved: 321,
  skipped: 1,
  recovered: 0,
  refused: 0,
  confirmed: 300,
  failedAgain: 2,
  waiting: 19,
  unconfirmable: 0,
  failures: [
    {
      paymentId: 'pay-9',
      dlq: { topic: 'payments.succeeded.receipts.dlq', partition: 0, offset: '9' },
      topic: 'payments.succeeded.receipts.retry.1',
      at: now - 2_000,
      error: 'SmtpUnavailable: connect ECONNREFUSED',
      final: false,
      nextAttemptAt: now + 8_000,
    },
    {
      paymentId: 'pay-4',
      dlq: { topic: 'payments.succeeded.receipts.dlq', partition: 0, offset: '4' },
      topic: 'payments.succeeded.receipts.dlq',
      at: now - 3_000,
      error: 'SmtpUnavailable: 421',
      final: true,
    },
  ],
  startedAt: now - 60_000,
};

describe('JobProgressView', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());

  it('reads confirmed / failed again / waiting of what moved, never "confirmed 322 / 321"', async () => {
    const { html, text } = await renderSettled(<JobProgressView job={job} />, fakeTransport({}));
    expect(text).toContain('Of 321 moved: confirmed 300 · failed again 2 · waiting 19');
    expect(text).not.toMatch(/Confirmed by the stage/);
    expect(html).toContain('data-testid="job-failure"');
    expect(text).toContain('pay-9');
    expect(text).toContain('SmtpUnavailable: connect ECONNREFUSED');
    expect(text).toContain('(in 8 s)');
    expect(text).toContain('in the DLQ again');
  });
});
