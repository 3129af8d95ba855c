import { describe, expect, it } from 'vitest';
import type { RedeliveryPlan } from '../../../../shared/redelivery';
import { checkRedeliveryForm, startRefusal } from './redeliveryForm';

const plan = (overrides: Partial<RedeliveryPlan> = {}): RedeliveryPlan => ({
  dlqTopic: 'orders.DLT',
  stage: null,
  selected: 1,
  toMove: 1,
  alreadyRedelivered: 0,
  loopGuarded: 0,
  noTarget: 0,
  skipReasons: [],
  targets: [
    {
      targetTopic: 'receipts.redelivery',
      stage: 'receipts',
      count: 1,
      requiresConfirmation: false,
      health: null,
    },
  ],
  groups: [],
  refusals: [],
  preview: [],
  ...overrides,
});

const good = { why: 'SMTP is back', rate: '50', confirmTopic: '', overrideHealth: false };

describe('redelivery form', () => {
  it('accepts a reason and a rate', () => {
    expect(checkRedeliveryForm(good, plan())).toEqual({});
  });

  it('asks for a reason, a sane rate, the typed target of a foreign DLQ, and the override when unhealthy', () => {
    const foreign = plan({
      targets: [{ targetTopic: 'orders', stage: null, count: 1, requiresConfirmation: true, health: null }],
      refusals: ['consumer group "orders" has no active members'],
    });
    const errors = checkRedeliveryForm(
      { why: ' x ', rate: '0', confirmTopic: 'order', overrideHealth: false },
      foreign,
    );
    expect(errors.why).toMatch(/at least 3 characters/);
    expect(errors.rate).toMatch(/0.1 to 5000/);
    expect(errors.confirmTopic).toBe('Type "orders" to confirm the target topic.');
    expect(errors.override).toMatch(/override/);
    // An override is audited with its reason: the reason is asked for too.
    expect(
      checkRedeliveryForm(
        { ...good, confirmTopic: 'orders', overrideHealth: true, overrideReason: 'consumer restarts now' },
        foreign,
      ),
    ).toEqual({});
  });
});

describe('startRefusal', () => {
  it('names the safety check from the code and reason, whatever the message says', () => {
    expect(
      startRefusal({ code: 'refused', reason: 'stage-unhealthy', message: 'receipts has no members' }),
    ).toBe('stage-unhealthy');
    expect(
      startRefusal({ code: 'refused', reason: 'confirmation-required', message: 'type the topic' }),
    ).toBe('confirmation-required');
    expect(
      startRefusal({ code: 'invalid_input', message: 'start with the override to redeliver anyway' }),
    ).toBeNull();
    expect(startRefusal({ code: 'refused', message: 'refused (override)' })).toBeNull();
    expect(startRefusal(null)).toBeNull();
  });

  it('blocks on the live gate until overridden with a reason, and checks the pause threshold', () => {
    const gate = 'Still failing: 37 new dead letters in the last 60 s (SmtpError: connect ECONNREFUSED <ip>)';
    expect(checkRedeliveryForm(good, plan(), gate)).toEqual({
      override: 'The stage is still failing: tick the override to redeliver anyway.',
    });
    expect(checkRedeliveryForm({ ...good, overrideHealth: true }, plan(), gate)).toEqual({
      overrideReason: 'Say why you redeliver despite the gate (at least 3 characters): it is audited.',
    });
    expect(
      checkRedeliveryForm(
        { ...good, overrideHealth: true, overrideReason: 'provider fixed it' },
        plan(),
        gate,
      ),
    ).toEqual({});
    expect(checkRedeliveryForm(good, plan(), null)).toEqual({});
    expect(checkRedeliveryForm({ ...good, pauseAfter: '0' }, plan()).pauseAfter).toMatch(/from 1 to 100000/);
    expect(checkRedeliveryForm({ ...good, pauseAfter: '2.5' }, plan()).pauseAfter).toMatch(/whole number/);
    expect(checkRedeliveryForm({ ...good, pauseAfter: '12' }, plan())).toEqual({});
  });
});
