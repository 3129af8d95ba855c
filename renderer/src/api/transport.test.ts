import { describe, expect, it } from 'vitest';
import { channels, type EventdeskApi } from '../../../shared/contract';
import type { Result } from '../../../shared/failure';
import { createIpcTransport } from './ipcTransport';
import { createTransport } from './transport';

/** What a preload would expose: one function per channel; here each echoes its channel and input. */
function fakePreloadApi(calls: Array<{ channel: string; input: unknown }>): EventdeskApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of channels) {
    api[channel] = async (input) => {
      calls.push({ channel, input });
      if (channel === 'groups.describe') throw new Error('ipc channel closed');
      return { ok: true, value: { channel } };
    };
  }
  return Object.freeze(api) as unknown as EventdeskApi;
}

function fakeWindow(extra: Partial<Window>): Window {
  const storage = new Map<string, string>();
  return {
    location: { href: 'http://127.0.0.1:4000/#/topics', origin: 'http://127.0.0.1:4000' },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
    history: { state: null, replaceState: () => {} },
    ...extra,
  } as unknown as Window;
}

describe('transport selection', () => {
  it('uses the preload when window.eventdesk exists, calling the per-channel function', async () => {
    const calls: Array<{ channel: string; input: unknown }> = [];
    const transport = createTransport(fakeWindow({ eventdesk: fakePreloadApi(calls) }));
    expect(transport.kind).toBe('ipc');
    expect(transport.link.status()).toEqual({ state: 'open' });
    await expect(transport.invoke('topics.list', { filter: 'pay' })).resolves.toEqual({
      ok: true,
      value: { channel: 'topics.list' },
    });
    expect(calls).toEqual([{ channel: 'topics.list', input: { filter: 'pay' } }]);
  });

  it('turns a thrown IPC failure into an AppError', async () => {
    const transport = createIpcTransport(fakePreloadApi([]));
    await expect(transport.invoke('groups.describe', { groupId: 'g' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'ipc channel closed' },
    });
  });
});

describe('IPC timeout', () => {
  it('gives up on a main process that never answers', async () => {
    const neverAnswers = Object.fromEntries(
      channels.map((c) => [c, () => new Promise(() => {})]),
    ) as unknown as EventdeskApi;
    const transport = createIpcTransport(neverAnswers, 20);
    await expect(transport.invoke('cluster.status', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringContaining('did not answer') },
    });
  });
});

describe('IPC cancellation from the page', () => {
  it('sends a request id with a cancellable request and cancels by it when the page gives up', async () => {
    const seen: Array<string | undefined> = [];
    const cancelled: string[] = [];
    const api: Record<string, unknown> = {};
    for (const channel of channels) {
      api[channel] = (_input: unknown, requestId?: string) => {
        seen.push(requestId);
        return new Promise(() => {});
      };
    }
    api.cancel = (id: string) => cancelled.push(id);
    const transport = createIpcTransport(Object.freeze(api) as unknown as EventdeskApi);
    const controller = new AbortController();
    const pending = transport.invoke('payments.stuck', {}, { signal: controller.signal });
    controller.abort();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(seen).toHaveLength(1);
    expect(cancelled).toEqual([seen[0]]);
    expect(seen[0]).toMatch(/^[\w-]{36}$/);
  });
});
