import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../shared/contract';
import { buildEventdeskApi } from './preloadApi';

describe('window.eventdesk (preload API)', () => {
  it('has exactly one function per contract channel, cancel, on, and nothing else', () => {
    const api = buildEventdeskApi(async () => ({ ok: true, value: null }));
    expect(Object.keys(api).sort()).toEqual([...channels, 'cancel', 'on'].sort());
    expect(typeof api.on).toBe('function');
    expect(typeof api.cancel).toBe('function');
    for (const channel of channels) expect(typeof api[channel]).toBe('function');
    expect('invoke' in api).toBe(false);
    expect('ipcRenderer' in api).toBe(false);
  });

  it('is frozen', () => {
    const api = buildEventdeskApi(async () => ({ ok: true, value: null }));
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>)['cluster.status'] = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('sends each call on its own channel with its input', async () => {
    const sent: Array<[Channel, unknown]> = [];
    const api = buildEventdeskApi(async (channel, input) => {
      sent.push([channel, input]);
      return { ok: true, value: channel };
    });
    await expect(api['groups.describe']({ groupId: 'receipts' })).resolves.toEqual({
      ok: true,
      value: 'groups.describe',
    });
    await api['cluster.connect']({ bootstrap: 'localhost:9092' });
    expect(sent).toEqual([
      ['groups.describe', { groupId: 'receipts' }],
      ['cluster.connect', { bootstrap: 'localhost:9092' }],
    ]);
  });

  it('passes a request id along and cancels by it, and drops ids that are not the page’s own', async () => {
    const sent: Array<[Channel, unknown, string | undefined]> = [];
    const cancelled: string[] = [];
    const api = buildEventdeskApi(
      async (channel, input, requestId) => {
        sent.push([channel, input, requestId]);
        return { ok: true, value: null };
      },
      (requestId) => cancelled.push(requestId),
    );
    await api['payments.stuck']({}, '3f2c6c1e-0d7a-4a0e-9d7e-2b2f1f6a9c11');
    await (api['cluster.status'] as (input: unknown, id: unknown) => Promise<unknown>)({}, { not: 'an id' });
    api.cancel('3f2c6c1e-0d7a-4a0e-9d7e-2b2f1f6a9c11');
    (api.cancel as (id: unknown) => void)('../../etc');
    (api.cancel as (id: unknown) => void)(42);
    expect(sent).toEqual([
      ['payments.stuck', {}, '3f2c6c1e-0d7a-4a0e-9d7e-2b2f1f6a9c11'],
      ['cluster.status', {}, undefined],
    ]);
    expect(cancelled).toEqual(['3f2c6c1e-0d7a-4a0e-9d7e-2b2f1f6a9c11']);
  });

  it('follows a live event: main is asked once per event, told when the last follower stops, and hears only the payload', () => {
    const told: string[] = [];
    let push: (event: unknown, payload: unknown) => void = () => undefined;
    const api = buildEventdeskApi(async () => ({ ok: true, value: null }), undefined, {
      subscribe: (event) => told.push(`+${event}`),
      unsubscribe: (event) => told.push(`-${event}`),
      onPush: (listener) => (push = listener),
    });
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = api.on('groups.changed', (p) => a.push(p));
    const stopB = api.on('groups.changed', (p) => b.push(p));
    push('groups.changed', { at: 1, groups: ['receipts'] });
    push('health.changed', { at: 1, stages: [] });
    push('not.an.event', {});
    expect(a).toEqual([{ at: 1, groups: ['receipts'] }]);
    expect(b).toEqual(a);
    stopA();
    stopA();
    expect(told).toEqual(['+groups.changed']);
    stopB();
    expect(told).toEqual(['+groups.changed', '-groups.changed']);
    push('groups.changed', { at: 2, groups: [] });
    expect(a).toHaveLength(1);
    // A name outside the table, or no callback, follows nothing.
    const on = api.on as (event: unknown, cb: unknown) => () => void;
    on('system.everything', () => undefined)();
    on('groups.changed', 'not a function')();
    expect(told).toHaveLength(2);
  });
});
