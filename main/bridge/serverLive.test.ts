// Live events on the bridge socket, with a real hub and a stub handler table: a page subscribes per event and
// gets pushes until it unsubscribes or leaves; a socket without the token never gets one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { channels, type Handlers } from '../../shared/contract';
import { AppFailure } from '../core/appFailure';
import { createLiveHub } from '../core/live/liveHub';
import { CLOSE_TOKEN_REJECTED, startBridge, type RunningBridge } from './server';

const notUsed = () => Promise.reject(new AppFailure('internal', 'not used in this test'));
const handlers = Object.fromEntries(channels.map((c) => [c, notUsed])) as unknown as Handlers;
const hub = createLiveHub();
let bridge: RunningBridge;

beforeAll(async () => {
  bridge = await startBridge({ handlers, live: hub, staticDir: '/nonexistent' });
});
afterAll(async () => {
  await bridge.close();
});

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
};

/** A socket that records every message it receives. */
async function page(token = bridge.token) {
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${token}`);
  const received: Record<string, unknown>[] = [];
  ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((ok) => ws.on('close', (code: number) => ok(code)));
  await new Promise<void>((ok) => {
    ws.once('open', () => ok());
    ws.once('close', () => ok());
  });
  return { ws, received, closed, pushes: () => received.filter((m) => 'event' in m) };
}

describe('live events on the bridge socket', () => {
  it('acknowledges a subscribe, pushes the event with its payload, and stops after unsubscribe', async () => {
    const p = await page();
    p.ws.send(JSON.stringify({ subscribe: 'groups.changed' }));
    expect(await waitFor(() => p.received.some((m) => m.subscribed === 'groups.changed'))).toBe(true);
    expect(hub.subscribers('groups.changed')).toBe(1);
    // A second subscribe from the same page is one subscription.
    p.ws.send(JSON.stringify({ subscribe: 'groups.changed' }));
    expect(await waitFor(() => p.received.filter((m) => m.subscribed).length === 2)).toBe(true);
    expect(hub.subscribers('groups.changed')).toBe(1);

    hub.publish('groups.changed', { at: 1, groups: ['receipts'] });
    hub.publish('health.changed', { at: 1, stages: ['receipts'] });
    expect(await waitFor(() => p.pushes().length === 1)).toBe(true);
    expect(p.pushes()).toEqual([{ event: 'groups.changed', payload: { at: 1, groups: ['receipts'] } }]);

    p.ws.send(JSON.stringify({ unsubscribe: 'groups.changed' }));
    expect(await waitFor(() => hub.subscribers('groups.changed') === 0)).toBe(true);
    hub.publish('groups.changed', { at: 2, groups: ['receipts'] });
    await new Promise((r) => setTimeout(r, 100));
    expect(p.pushes()).toHaveLength(1);
    p.ws.close();
  });

  it('refuses an event outside the table, by name', async () => {
    const p = await page();
    p.ws.send(JSON.stringify({ subscribe: 'system.everything' }));
    expect(await waitFor(() => p.received.length === 1)).toBe(true);
    expect(p.received[0]).toMatchObject({ id: -1, result: { ok: false, error: { code: 'forbidden' } } });
    expect((p.received[0] as { result: { error: { message: string } } }).result.error.message).toContain(
      'Unknown live event "system.everything"',
    );
    p.ws.close();
  });

  it('drops the subscriptions of a page that leaves', async () => {
    const p = await page();
    p.ws.send(JSON.stringify({ subscribe: 'payments.stuckChanged' }));
    expect(await waitFor(() => hub.subscribers('payments.stuckChanged') === 1)).toBe(true);
    p.ws.close();
    expect(await waitFor(() => hub.subscribers('payments.stuckChanged') === 0)).toBe(true);
  });

  it('closes a socket without the right token before it can subscribe, and pushes nothing to it', async () => {
    const stranger = await page('wrong');
    // Whatever it manages to send after the upgrade is never read as a subscription.
    if (stranger.ws.readyState === WebSocket.OPEN)
      stranger.ws.send(JSON.stringify({ subscribe: 'redelivery.jobProgress' }));
    expect(await stranger.closed).toBe(CLOSE_TOKEN_REJECTED);
    expect(hub.subscribers('redelivery.jobProgress')).toBe(0);
    hub.publish('redelivery.jobProgress', { at: 1, jobId: 'j', state: 'running', moved: 1 });
    expect(stranger.received).toEqual([]);
  });
});
