import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeRequest } from '../../../shared/contract';
import {
  BridgeTransport,
  parseBridgeReply,
  TOKEN_REJECTED_MESSAGE,
  type SocketHandlers,
  type SocketFactory,
} from './bridgeTransport';
import { TOKEN_MISSING_MESSAGE } from './transport';

/** A socket the test drives by hand: open it, answer requests, drop it. */
class FakeSocket {
  sent: BridgeRequest[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  open() {
    this.handlers.onOpen();
  }
  reply(id: number, result: unknown) {
    this.handlers.onMessage(JSON.stringify({ id, result }));
  }
  drop(code = 1006) {
    this.handlers.onClose(code, '');
  }
}

function fakeFactory() {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = (url, handlers) => {
    const socket = new FakeSocket(url, handlers);
    sockets.push(socket);
    return {
      send: (data) => socket.sent.push(JSON.parse(data) as BridgeRequest),
      close: () => {
        socket.closed = true;
      },
    };
  };
  return { sockets, factory };
}

describe('BridgeTransport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('matches replies to requests by id, in any order', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({ url: 'ws://h/rpc?token=t', createSocket: factory });
    const socket = sockets[0]!;
    socket.open();
    const topics = transport.invoke('topics.list', { filter: 'pay' });
    const groups = transport.invoke('groups.list', {});
    expect(socket.sent.map((r) => r.channel)).toEqual(['topics.list', 'groups.list']);
    expect(socket.sent[0]!.input).toEqual({ filter: 'pay' });
    const [first, second] = socket.sent;
    socket.reply(second!.id, { ok: true, value: [] });
    socket.reply(first!.id, { ok: false, error: { code: 'not_found', message: 'no topic' } });
    await expect(groups).resolves.toEqual({ ok: true, value: [] });
    await expect(topics).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'no topic' } });
    transport.dispose();
  });

  it('tells the backend when the page abandons a request, and resolves it as cancelled', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({ url: 'ws://h/rpc?token=t', createSocket: factory });
    const socket = sockets[0]!;
    socket.open();
    const abort = new AbortController();
    const stuck = transport.invoke('payments.stuck', {}, { signal: abort.signal });
    const id = socket.sent[0]!.id;
    abort.abort();
    await expect(stuck).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(socket.sent[1]).toEqual({ cancel: id });
    // A late answer for the abandoned id is ignored.
    socket.reply(id, { ok: true, value: {} });
    transport.dispose();
  });

  it('queues requests made before the socket opens and sends them on open', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({ url: 'ws://h/rpc?token=t', createSocket: factory });
    const status = transport.invoke('cluster.status', {});
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    expect(sockets[0]!.sent).toHaveLength(1);
    sockets[0]!.reply(sockets[0]!.sent[0]!.id, { ok: true, value: { state: 'connected' } });
    await expect(status).resolves.toMatchObject({ ok: true });
    transport.dispose();
  });

  it('fails in-flight requests when the socket drops, then reconnects with growing backoff', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({
      url: 'ws://h/rpc?token=t',
      createSocket: factory,
      initialBackoffMs: 100,
      maxBackoffMs: 1_000,
      diagnose: async () => 'retry',
    });
    sockets[0]!.open();
    const lost = transport.invoke('groups.list', {});
    sockets[0]!.drop();
    await expect(lost).resolves.toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(transport.link.status()).toMatchObject({ state: 'reconnecting', attempt: 1 });

    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop(); // never opened: a second failure doubles the wait
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.link.status()).toMatchObject({ state: 'reconnecting', attempt: 2 });
    await vi.advanceTimersByTimeAsync(199);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(transport.link.status()).toEqual({ state: 'open' });
    transport.dispose();
  });

  it('stops retrying and says so when the token is refused', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({
      url: 'ws://h/rpc?token=wrong',
      createSocket: factory,
      diagnose: async () => 'token_rejected',
    });
    const pending = transport.invoke('cluster.status', {});
    sockets[0]!.drop();
    await expect(pending).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: TOKEN_REJECTED_MESSAGE },
    });
    expect(transport.link.status()).toEqual({ state: 'token_rejected', message: TOKEN_REJECTED_MESSAGE });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    await expect(transport.invoke('groups.list', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    transport.dispose();
  });

  it('a page opened without a token and without a session says the token is missing', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({
      url: 'ws://h/rpc',
      createSocket: factory,
      refusal: { state: 'token_missing', message: TOKEN_MISSING_MESSAGE },
    });
    sockets[0]!.open();
    const inFlight = transport.invoke('cluster.status', {});
    sockets[0]!.drop(4401);
    await expect(inFlight).resolves.toEqual({
      ok: false,
      error: { code: 'forbidden', message: TOKEN_MISSING_MESSAGE },
    });
    expect(transport.link.status()).toEqual({ state: 'token_missing', message: TOKEN_MISSING_MESSAGE });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    transport.dispose();
  });

  it('treats a policy-violation close as a refused token without asking', async () => {
    const { sockets, factory } = fakeFactory();
    const diagnose = vi.fn(async () => 'retry' as const);
    const transport = new BridgeTransport({ url: 'ws://h/rpc?token=t', createSocket: factory, diagnose });
    sockets[0]!.open();
    const inFlight = transport.invoke('cluster.status', {});
    sockets[0]!.drop(4401);
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(transport.link.status().state).toBe('token_rejected');
    expect(diagnose).not.toHaveBeenCalled();
    transport.dispose();
  });

  it('gives up on a request the backend never answers', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({
      url: 'ws://h/rpc?token=t',
      createSocket: factory,
      requestTimeoutMs: 5_000,
    });
    sockets[0]!.open();
    const slow = transport.invoke('cluster.overview', {});
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(slow).resolves.toMatchObject({
      ok: false,
      error: { code: 'unreachable', message: expect.stringContaining('5 s') },
    });
    // A late reply for a timed-out request is ignored.
    sockets[0]!.reply(sockets[0]!.sent[0]!.id, { ok: true, value: {} });
    transport.dispose();
  });

  it('ignores malformed replies', () => {
    expect(parseBridgeReply('not json')).toBeNull();
    expect(parseBridgeReply('{"id":"1","result":{"ok":true,"value":1}}')).toBeNull();
    expect(parseBridgeReply('{"id":1,"result":{"ok":true}}')).toBeNull();
    expect(
      parseBridgeReply('{"id":1,"result":{"ok":false,"error":{"code":"internal","message":"x"}}}'),
    ).toEqual({
      id: 1,
      result: { ok: false, error: { code: 'internal', message: 'x' } },
    });
  });

  it('subscribes to live events on open, is live from the acknowledgement, and subscribes again after a drop', async () => {
    const { sockets, factory } = fakeFactory();
    const transport = new BridgeTransport({
      url: 'ws://h/rpc?token=t',
      createSocket: factory,
      initialBackoffMs: 100,
      diagnose: async () => 'retry',
    });
    const got: unknown[] = [];
    const changes: boolean[] = [];
    transport.live.onChange(() => changes.push(transport.live.isLive('groups.changed')));
    const stop = transport.live.subscribe('groups.changed', (p) => got.push(p));
    transport.live.subscribe('groups.changed', () => undefined);
    expect(sockets[0]!.sent).toEqual([]);
    sockets[0]!.open();
    // Two followers, one subscription.
    expect(sockets[0]!.sent).toEqual([{ subscribe: 'groups.changed' }]);
    expect(transport.live.isLive('groups.changed')).toBe(false);
    sockets[0]!.handlers.onMessage(JSON.stringify({ subscribed: 'groups.changed' }));
    expect(transport.live.isLive('groups.changed')).toBe(true);
    sockets[0]!.handlers.onMessage(
      JSON.stringify({ event: 'groups.changed', payload: { at: 5, groups: ['receipts'] } }),
    );
    // A payload that does not fit its event is dropped.
    sockets[0]!.handlers.onMessage(JSON.stringify({ event: 'groups.changed', payload: { at: 'x' } }));
    expect(got).toEqual([{ at: 5, groups: ['receipts'] }]);

    sockets[0]!.drop();
    expect(transport.live.isLive('groups.changed')).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    sockets[1]!.open();
    expect(sockets[1]!.sent).toEqual([{ subscribe: 'groups.changed' }]);
    sockets[1]!.handlers.onMessage(JSON.stringify({ subscribed: 'groups.changed' }));
    expect(changes).toEqual([true, false, true]);
    stop();
    expect(sockets[1]!.sent).toHaveLength(1);
    transport.dispose();
  });
});
