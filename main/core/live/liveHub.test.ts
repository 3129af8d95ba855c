import { describe, expect, it } from 'vitest';
import { ChangeTracker, createLiveHub } from './liveHub';

describe('live hub', () => {
  it('delivers an event to its subscribers only, until each unsubscribes', () => {
    const hub = createLiveHub();
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = hub.subscribe('groups.changed', (p) => a.push(p));
    hub.subscribe('health.changed', (p) => b.push(p));
    hub.publish('groups.changed', { at: 1, groups: ['receipts'] });
    expect(a).toEqual([{ at: 1, groups: ['receipts'] }]);
    expect(b).toEqual([]);
    stopA();
    stopA();
    hub.publish('groups.changed', { at: 2, groups: ['receipts'] });
    expect(a).toHaveLength(1);
    expect(hub.followed('groups.changed')).toBe(false);
    expect(hub.followed('health.changed')).toBe(true);
  });

  it('counts only deliveries: publishing to an event nobody follows is nothing', () => {
    const hub = createLiveHub();
    hub.publish('payments.stuckChanged', { at: 1 });
    expect(hub.published()).toEqual({});
    hub.subscribe('payments.stuckChanged', () => undefined);
    hub.publish('payments.stuckChanged', { at: 2 });
    expect(hub.published()).toEqual({ 'payments.stuckChanged': 1 });
  });

  it('keeps delivering when one listener throws, and reports it', () => {
    const errors: unknown[] = [];
    const hub = createLiveHub({ onListenerError: (e) => errors.push(e) });
    const got: number[] = [];
    hub.subscribe('payments.stuckChanged', () => {
      throw new Error('page gone');
    });
    hub.subscribe('payments.stuckChanged', (p) => got.push(p.at));
    expect(() => hub.publish('payments.stuckChanged', { at: 7 })).not.toThrow();
    expect(got).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const hub = createLiveHub();
    let calls = 0;
    const listener = () => calls++;
    const stop1 = hub.subscribe('health.changed', listener);
    hub.subscribe('health.changed', listener);
    expect(hub.subscribers('health.changed')).toBe(2);
    stop1();
    hub.publish('health.changed', { at: 1, stages: [] });
    expect(calls).toBe(1);
  });
});

describe('change tracker', () => {
  it('learns on the first call, then names what is new, different or gone', () => {
    const tracker = new ChangeTracker<string>();
    expect(tracker.changed(new Map([['a', '1']]))).toEqual([]);
    expect(tracker.changed(new Map([['a', '1']]))).toEqual([]);
    expect(
      tracker.changed(
        new Map([
          ['a', '2'],
          ['b', '1'],
        ]),
      ),
    ).toEqual(['a', 'b']);
    expect(tracker.changed(new Map([['b', '1']]))).toEqual(['a']);
  });
});
