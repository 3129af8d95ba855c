// A page that abandons a request over IPC stops its work in main: by cancel(requestId), or by going away.
import { describe, expect, it } from 'vitest';
import { channels, IPC_CANCEL_CHANNEL, type Handlers } from '../../shared/contract';
import { AppFailure } from '../core/appFailure';
import { registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from './ipc';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

function setup() {
  const handles = new Map<string, Listener>();
  const ons = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handles.set(channel, listener),
    on: (channel, listener) => void ons.set(channel, listener),
  };
  const aborted: string[] = [];
  const notUsed = () => Promise.reject(new AppFailure('internal', 'not used in this test'));
  const handlers = {
    ...(Object.fromEntries(channels.map((c) => [c, notUsed])) as unknown as Handlers),
    // Stands for any long read: it runs until its caller leaves.
    'payments.stuck': (_input, context) =>
      new Promise((_ok, fail) => {
        context?.signal.addEventListener('abort', () => {
          aborted.push('payments.stuck');
          fail(new AppFailure('cancelled', 'stopped'));
        });
      }),
  } as Handlers;
  const destroyed: Array<() => void> = [];
  const event = (id: number, trusted = true): IpcInvokeEventLike => ({
    senderFrame: trusted
      ? { url: 'app://eventdesk/index.html', parent: null }
      : { url: 'https://evil', parent: null },
    sender: { id, once: (_e, listener) => destroyed.push(listener) },
  });
  registerIpcHandlers(ipcMain, handlers, (e) => e.senderFrame?.url.startsWith('app://') ?? false);
  return { handles, ons, aborted, destroyed, event };
}

describe('IPC cancellation', () => {
  it('cancel(requestId) from the same page aborts that request only', async () => {
    const { handles, ons, aborted, event } = setup();
    const stuck = handles.get('payments.stuck')!;
    const first = stuck(event(1), {}, 'req-1') as Promise<unknown>;
    void stuck(event(1), {}, 'req-2');
    // Another page sending the same id cancels nothing of this page's.
    ons.get(IPC_CANCEL_CHANNEL)!(event(2), 'req-1');
    // Nor does an untrusted frame.
    ons.get(IPC_CANCEL_CHANNEL)!(event(1, false), 'req-1');
    expect(aborted).toEqual([]);
    ons.get(IPC_CANCEL_CHANNEL)!(event(1), 'req-1');
    await expect(first).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(aborted).toEqual(['payments.stuck']);
  });

  it('a page that goes away abandons all its requests', async () => {
    const { handles, aborted, destroyed, event } = setup();
    const stuck = handles.get('payments.stuck')!;
    void stuck(event(7), {}, 'a');
    void stuck(event(7), {}, 'b');
    expect(destroyed).toHaveLength(1);
    destroyed[0]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(aborted).toEqual(['payments.stuck', 'payments.stuck']);
  });
});
