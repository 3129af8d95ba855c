// Registers one ipcMain.handle per contract channel. Each call: sender frame check, then dispatch()
// (zod parse, handler, error mapping). Typed structurally so the fake ipcMain of a unit test fits too.
import { channels, type Channel, type Handlers } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { dispatch } from '../core/dispatch';
import type { SenderFrameInfo } from './trust';

/** The part of Electron's IpcMainInvokeEvent we look at. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
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
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'This window may not call the console backend.' },
        };
      }
      return dispatch(handlers, channel, input);
    });
  }
  return [...channels];
}
