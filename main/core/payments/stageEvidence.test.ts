import { describe, expect, it } from 'vitest';
import { PaymentEvidence } from './stageEvidence';

const rules = [
  { name: 'receipts', slaMs: 60_000, hasOutcomeTopic: true },
  { name: 'analytics', slaMs: 60_000, hasOutcomeTopic: false },
];
const now = 1_000_000;

describe('stage state classification', () => {
  it('follows outcome > newer dead letter > redelivery > retry > committed offset > SLA', () => {
    const e = new PaymentEvidence(rules);
    e.addOutcome(0, 'done');
    e.addDeadLetter(0, 'dead', 10, 'SmtpError: 554');
    e.addDeadLetter(0, 'redone', 10, 'SmtpError: 554');
    e.addRedelivery(0, 'redone', 20, false);
    e.addDeadLetter(0, 'failed-again', 30, 'SmtpError: again');
    e.addRedelivery(0, 'failed-again', 20, true);
    e.addRetry(0, 'retrying', 10, 2, false);
    const state = (id: string, offset = 5n, committed?: bigint, eventTime = now - 1000) =>
      e.classify(0, id, eventTime, offset, committed, now);
    expect(state('done').state).toBe('done');
    expect(state('dead')).toMatchObject({ state: 'dead-lettered', reason: 'SmtpError: 554' });
    expect(state('redone').state).toBe('redelivered');
    expect(state('failed-again')).toMatchObject({ state: 'dead-lettered', reason: 'SmtpError: again' });
    expect(state('retrying')).toMatchObject({ state: 'retrying', reason: 'in retry tier 2' });
    expect(state('plain', 5n, 6n).state).toBe('done');
    expect(state('plain', 5n, 5n).state).toBe('pending');
    expect(state('plain', 5n, undefined, now - 120_000).state).toBe('late');
  });

  it('without an outcome topic, a consumed redelivery means done', () => {
    const e = new PaymentEvidence(rules);
    e.addDeadLetter(1, 'p', 10, null);
    e.addRedelivery(1, 'p', 20, true);
    expect(e.classify(1, 'p', now, 0n, undefined, now).state).toBe('done');
    expect(e.classify(1, 'p', now, 0n, undefined, now, false).state).toBe('done');
  });

  it("a retrying payment names the latest retry's error and when the stage tries it next", () => {
    const e = new PaymentEvidence(rules);
    e.addRetry(0, 'p', 10, 1, true, { error: 'SmtpUnavailable: 421 try later', nextAttemptAt: 1_010 });
    e.addRetry(0, 'p', 20, 2, false, {
      error: 'SmtpUnavailable: connect ECONNREFUSED',
      nextAttemptAt: 10_020,
    });
    // An older record read later does not replace the latest one.
    e.addRetry(0, 'p', 15, 1, true, { error: 'older', nextAttemptAt: 1_015 });
    expect(e.classify(0, 'p', now - 1000, 5n, undefined, now)).toEqual({
      stage: 'receipts',
      state: 'retrying',
      reason: 'retry tier 2: SmtpUnavailable: connect ECONNREFUSED',
      at: 20,
      nextAttemptAt: 10_020,
    });
  });
});
