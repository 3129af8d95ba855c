// Live events over IPC with a recording fake ipcMain and fake webContents (registration is pure logic).
import { describe, expect, it } from 'vitest';
import { IPC_LIVE_EVENT, IPC_LIVE_SUBSCRIBE, IPC_LIVE_UNSUBSCRIBE } from '../../shared/live';
import { createLiveHub } from '../core/live/liveHub';
import { senderFrameInfo } from './ipc';
import { registerLiveIpc, type LiveIpcEventLike, type IpcMainOnLike } from './ipcLive';
import { isTrustedSenderFrame } from './trust';

function setup() {
  const listeners = new Map<string, (event: LiveIpcEventLike, ...args: unknown[]) => void>();
  const ipcMain: IpcMainOnLike = { on: (channel, listener) => void listeners.set(channel, listener) };
  const hub = createLiveHub();
  const registered = registerLiveIpc(ipcMain, hub, (e) => isTrustedSenderFrame(senderFrameInfo(e)));
  const page = (id: number, url = 'app://eventdesk/index.html') => {
    const sent: unknown[][] = [];
    let destroyed: (() => void) | undefined;
    const event: LiveIpcEventLike = {
      senderFrame: { url, parent: null },
      sender: {
        id,
        send: (channel, ...args) => sent.push([channel, ...args]),
        once: (_e, listener) => (destroyed = listener),
      },
    };
    return {
      sent,
      subscribe: (name: unknown) => listeners.get(IPC_LIVE_SUBSCRIBE)!(event, name),
      unsubscribe: (name: unknown) => listeners.get(IPC_LIVE_UNSUBSCRIBE)!(event, name),
      destroy: () => destroyed?.(),
    };
  };
  return { hub, registered, page };
}

describe('live events over IPC', () => {
  it('pushes to the page that subscribed, once per event, until it unsubscribes', () => {
    const { hub, registered, page } = setup();
    const p = page(1);
    p.subscribe('groups.changed');
    p.subscribe('groups.changed');
    expect(registered.following()).toBe(1);
    hub.publish('groups.changed', { at: 1, groups: ['receipts'] });
    expect(p.sent).toEqual([[IPC_LIVE_EVENT, 'groups.changed', { at: 1, groups: ['receipts'] }]]);
    p.unsubscribe('groups.changed');
    hub.publish('groups.changed', { at: 2, groups: [] });
    expect(p.sent).toHaveLength(1);
    expect(hub.subscribers('groups.changed')).toBe(0);
  });

  it('drops every subscription of a page that goes away', () => {
    const { hub, registered, page } = setup();
    const p = page(2);
    p.subscribe('health.changed');
    p.subscribe('payments.stuckChanged');
    p.destroy();
    expect(registered.following()).toBe(0);
    expect(hub.subscribers('health.changed') + hub.subscribers('payments.stuckChanged')).toBe(0);
  });

  it('ignores a frame that is not our app, and names outside the table', () => {
    const { hub, page } = setup();
    page(3, 'https://evil.example/').subscribe('groups.changed');
    page(4).subscribe('system.everything');
    page(4).subscribe({ toString: () => 'groups.changed' });
    expect(hub.subscribers('groups.changed')).toBe(0);
  });
});
