// Live events over Electron IPC: a trusted page sends subscribe / unsubscribe (sent, never invoked), and main
// pushes each notification to that page's webContents until it unsubscribes or the page goes away. Typed
// structurally so the fake ipcMain and webContents of a unit test fit too.
import {
  IPC_LIVE_EVENT,
  IPC_LIVE_SUBSCRIBE,
  IPC_LIVE_UNSUBSCRIBE,
  isLiveEvent,
  type LiveEvent,
} from '../../shared/live';
import type { LiveSource } from '../core/live/liveHub';
import type { IpcInvokeEventLike } from './ipc';

/** The part of a page's webContents live events need. */
export interface LiveSenderLike {
  id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed?(): boolean;
  once?(event: 'destroyed', listener: () => void): unknown;
}

export interface LiveIpcEventLike extends Omit<IpcInvokeEventLike, 'sender'> {
  sender?: LiveSenderLike;
}

export interface IpcMainOnLike {
  on(channel: string, listener: (event: LiveIpcEventLike, ...args: unknown[]) => void): void;
}

export function registerLiveIpc(
  ipcMain: IpcMainOnLike,
  live: LiveSource,
  isTrustedSender: (event: LiveIpcEventLike) => boolean,
): { following: () => number } {
  // By page id, then event: what stops that page's subscription.
  const pages = new Map<number, Map<LiveEvent, () => void>>();
  const stopPage = (id: number) => {
    for (const stop of pages.get(id)?.values() ?? []) stop();
    pages.delete(id);
  };
  ipcMain.on(IPC_LIVE_SUBSCRIBE, (event, name) => {
    const sender = event.sender;
    if (!sender || !isTrustedSender(event) || !isLiveEvent(name)) return;
    let page = pages.get(sender.id);
    if (!page) {
      pages.set(sender.id, (page = new Map()));
      sender.once?.('destroyed', () => stopPage(sender.id));
    }
    if (page.has(name)) return;
    page.set(
      name,
      live.subscribe(name, (payload) => {
        if (sender.isDestroyed?.()) stopPage(sender.id);
        else sender.send(IPC_LIVE_EVENT, name, payload);
      }),
    );
  });
  ipcMain.on(IPC_LIVE_UNSUBSCRIBE, (event, name) => {
    const sender = event.sender;
    if (!sender || !isTrustedSender(event) || !isLiveEvent(name)) return;
    const page = pages.get(sender.id);
    page?.get(name)?.();
    page?.delete(name);
  });
  return { following: () => [...pages.values()].reduce((n, page) => n + page.size, 0) };
}
