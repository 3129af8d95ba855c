// Registers one ipcMain.handle per contract channel. Each call: sender frame check, then dispatch()
// (zod parse, handler, error mapping). Typed structurally so the fake ipcMain of a unit test fits too.
import { channels, IPC_CANCEL_CHANNEL, type Channel, type Handlers } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { dispatch } from '../core/dispatch';
import type { SenderFrameInfo } from './trust';

/** The part of Electron's IpcMainInvokeEvent we look at. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
  /** The page's webContents: its id keys the page's requests, and its end abandons them. */
  sender?: { id: number; once?(event: 'destroyed', listener: () => void): unknown };
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  on?(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => void): void;
}

export function senderFrameInfo(event: IpcInvokeEventLike): SenderFrameInfo | null {
  const frame = event.senderFrame;
  return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): Channel[] {
  // Requests still being answered, by page and the page's request id: a cancel, or the page going away,
  // aborts their work (as a closed socket does on the bridge).
  const inFlight = new Map<string, AbortController>();
  const watched = new Set<number>();
  const keyOf = (event: IpcInvokeEventLike, requestId: string) => `${event.sender?.id ?? 0}/${requestId}`;
  const watch = (event: IpcInvokeEventLike) => {
    const sender = event.sender;
    if (!sender || watched.has(sender.id)) return;
    watched.add(sender.id);
    sender.once?.('destroyed', () => {
      watched.delete(sender.id);
      for (const [key, request] of inFlight) if (key.startsWith(`${sender.id}/`)) request.abort();
    });
  };
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input, requestId): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'This window may not call the console backend.' },
        };
      }
      const request = new AbortController();
      const key = typeof requestId === 'string' ? keyOf(event, requestId) : null;
      if (key) {
        watch(event);
        inFlight.set(key, request);
      }
      try {
        return await dispatch(handlers, channel, input, request.signal);
      } finally {
        if (key) inFlight.delete(key);
      }
    });
  }
  ipcMain.on?.(IPC_CANCEL_CHANNEL, (event, requestId) => {
    if (!isTrustedSender(event) || typeof requestId !== 'string') return;
    inFlight.get(keyOf(event, requestId))?.abort();
  });
  return [...channels];
}
