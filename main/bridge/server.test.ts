// The bridge's gates and wire format, with a stub handler table (no Kafka needed to test the transport).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ClusterStatus, ConnectionStatus } from '../../shared/cluster';
import { channels, type BridgeReply, type Handlers } from '../../shared/contract';
import { AppFailure } from '../core/appFailure';
import { CLOSE_TOKEN_REJECTED, startBridge, type RunningBridge } from './server';

const status: ConnectionStatus = { state: 'connected', bootstrap: ['127.0.0.1:9092'], attempts: 0, since: 1 };
const clusterStatus: ClusterStatus = {
  ...status,
  diagnostics: { eventLoopDelay: { p50Ms: 1, p99Ms: 2, maxMs: 3, samples: 10, sinceMs: 0 } },
};
const notUsed = () => Promise.reject(new AppFailure('internal', 'not used in this test'));
const stubHandlers: Handlers = {
  ...(Object.fromEntries(channels.map((c) => [c, notUsed])) as unknown as Handlers),
  'cluster.connect': async ({ bootstrap }) => ({ ...status, bootstrap }),
  'cluster.status': async () => clusterStatus,
  'cluster.overview': notUsed,
  'topics.list': notUsed,
  'topics.describe': async ({ topic }) => {
    throw new AppFailure('not_found', `Topic "${topic}" does not exist (it may have been deleted).`);
  },
  'groups.list': async () => [],
  'groups.describe': notUsed,
  // Stands for any long read: it runs until its caller leaves, and records when it noticed.
  'payments.stuck': (_query, context) =>
    new Promise((_ok, fail) => {
      const started = Date.now();
      context?.signal.addEventListener('abort', () => {
        abandoned.push(Date.now() - started);
        fail(new AppFailure('internal', 'stopped'));
      });
    }),
};
/** How long each abandoned long request ran before its abort reached the handler (ms). */
const abandoned: number[] = [];
const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
};

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP call, so Host and Origin can be set to anything (fetch would not let us). */
function call(
  bridge: RunningBridge,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${bridge.port}`, ...options.headers },
        setHost: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', fail);
    req.end(options.body);
  });
}

const rpc = (bridge: RunningBridge, channel: string, input: unknown, headers: Record<string, string> = {}) =>
  call(bridge, `/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

let bridge: RunningBridge;
let root: string;
let staticDir: string;

beforeAll(async () => {
  // <tmp>/secret.txt sits beside <tmp>/renderer: exactly what a traversal would try to reach.
  root = mkdtempSync(join(tmpdir(), 'eventdesk-bridge-'));
  staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Eventdesk</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-CONTENT');
  bridge = await startBridge({ handlers: stubHandlers, staticDir });
});
afterAll(async () => {
  await bridge.close();
  rmSync(root, { recursive: true, force: true });
});

describe('bridge gates', () => {
  it('gives the page address with a fresh random token', async () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${encodeURIComponent(bridge.token)}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
    const other = await startBridge({ handlers: stubHandlers, staticDir });
    expect(other.token).not.toBe(bridge.token);
    await other.close();
  });

  it('answers a good request', async () => {
    const res = await rpc(bridge, 'cluster.status', {});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: clusterStatus });
  });

  it('accepts the page’s own origin, under either loopback name', async () => {
    expect(
      (await rpc(bridge, 'cluster.status', {}, { origin: `http://127.0.0.1:${bridge.port}` })).status,
    ).toBe(200);
    const viaLocalhost = await rpc(
      bridge,
      'cluster.status',
      {},
      { host: `localhost:${bridge.port}`, origin: `http://localhost:${bridge.port}` },
    );
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses a wrong or missing token with 401', async () => {
    const wrong = await rpc(bridge, 'cluster.status', {}, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const missing = await call(bridge, '/rpc/cluster.status', { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
  });

  it('checks the token before it decodes a malformed path, then answers 400, never 500', async () => {
    const stranger = await call(bridge, '/rpc/%E0%A4%A', { method: 'POST', body: '{}' });
    expect(stranger.status).toBe(401);
    const holder = await rpc(bridge, '%E0%A4%A', {});
    expect(holder.status).toBe(400);
    expect(JSON.parse(holder.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    const res = await rpc(bridge, 'cluster.status', {}, { host: `evil.example:${bridge.port}` });
    expect(res.status).toBe(403);
    expect((await call(bridge, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
    // The right name on the wrong port is still someone else.
    expect((await rpc(bridge, 'cluster.status', {}, { host: '127.0.0.1:1' })).status).toBe(403);
  });

  it('refuses a foreign Origin with 403', async () => {
    expect((await rpc(bridge, 'cluster.status', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await rpc(bridge, 'cluster.status', {}, { origin: 'null' })).status).toBe(403);
  });

  it('answers validation problems and handler failures as Result values', async () => {
    const invalid = JSON.parse((await rpc(bridge, 'cluster.connect', { bootstrap: 'foo' })).body);
    expect(invalid).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'bootstrap: Invalid bootstrap server: "foo" has no port; write host:port, e.g. localhost:9092',
        field: 'bootstrap',
      },
    });
    const missing = JSON.parse((await rpc(bridge, 'topics.describe', { topic: 'gone' })).body);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const unknown = JSON.parse((await rpc(bridge, 'shell.exec', {})).body);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const badJson = await call(bridge, '/rpc/cluster.status', {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}` },
      body: '{',
    });
    expect(badJson.status).toBe(400);
  });
});

describe('bridge static files', () => {
  it('serves index.html for / with the CSP header and proper content types', async () => {
    const res = await call(bridge, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`ws://127.0.0.1:${bridge.port}`);
    expect(res.body).toContain('<title>Eventdesk</title>');
    const js = await call(bridge, '/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the static folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await call(bridge, path);
      expect(res.body, path).not.toContain('TOP-SECRET-CONTENT');
      expect(res.status, path).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers a missing asset with 404 and a client-side route with the app', async () => {
    expect((await call(bridge, '/assets/missing.js')).status).toBe(404);
    const route = await call(bridge, '/groups/payments');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Eventdesk</title>');
  });
});

describe('bridge WebSocket', () => {
  it('speaks BridgeRequest/BridgeReply and keeps ids', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`, {
      origin: `http://127.0.0.1:${bridge.port}`,
    });
    const replies: BridgeReply[] = [];
    const done = new Promise<void>((ok) =>
      ws.on('message', (data: Buffer) => {
        replies.push(JSON.parse(data.toString()) as BridgeReply);
        if (replies.length === 3) ok();
      }),
    );
    ws.send(JSON.stringify({ id: 7, channel: 'cluster.status', input: {} }));
    ws.send(JSON.stringify({ id: 8, channel: 'cluster.connect', input: { bootstrap: 'x' } }));
    ws.send('not json');
    await done;
    ws.close();
    const byId = new Map(replies.map((r) => [r.id, r.result]));
    expect(byId.get(7)).toEqual({ ok: true, value: clusterStatus });
    expect(byId.get(8)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(byId.get(-1)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('stops a request whose page leaves: a closed socket aborts its work within a second', async () => {
    const before = abandoned.length;
    const ws = await openSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`);
    ws.send(JSON.stringify({ id: 1, channel: 'payments.stuck', input: {} }));
    ws.send(JSON.stringify({ id: 2, channel: 'payments.stuck', input: {} }));
    await new Promise((r) => setTimeout(r, 200));
    const closedAt = Date.now();
    ws.close();
    expect(await waitFor(() => abandoned.length === before + 2)).toBe(true);
    expect(Date.now() - closedAt).toBeLessThan(1000);
  });

  it('stops one request when the page cancels it, and answers nothing for it', async () => {
    const before = abandoned.length;
    const ws = await openSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`);
    const replies: BridgeReply[] = [];
    ws.on('message', (data: Buffer) => replies.push(JSON.parse(data.toString()) as BridgeReply));
    ws.send(JSON.stringify({ id: 5, channel: 'payments.stuck', input: {} }));
    ws.send(JSON.stringify({ id: 6, channel: 'cluster.status', input: {} }));
    await waitFor(() => replies.length === 1);
    ws.send(JSON.stringify({ cancel: 5 }));
    expect(await waitFor(() => abandoned.length === before + 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    ws.close();
    expect(replies.map((r) => r.id)).toEqual([6]);
  });

  it('stops an HTTP request whose caller hangs up', async () => {
    const before = abandoned.length;
    const req = request({
      host: '127.0.0.1',
      port: bridge.port,
      path: '/rpc/payments.stuck',
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
    });
    req.on('error', () => undefined);
    req.end('{}');
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    expect(await waitFor(() => abandoned.length === before + 1)).toBe(true);
  });

  it('closes with 4401 on a wrong token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=wrong`);
    const code = await new Promise<number>((ok) => ws.on('close', (c: number) => ok(c)));
    expect(code).toBe(CLOSE_TOKEN_REJECTED);
  });

  it('refuses the upgrade for a foreign Origin or Host with 403', async () => {
    const statusOf = (headers: Record<string, string>) =>
      new Promise<number>((ok) => {
        const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`, { headers });
        ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
        ws.on('open', () => ok(101));
        ws.on('error', () => undefined);
      });
    expect(await statusOf({ origin: 'https://evil.example' })).toBe(403);
    expect(await statusOf({ host: 'evil.example' })).toBe(403);
  });

  describe('the session cookie for links opened in a new tab', () => {
    const cookieOf = (res: RawResponse) => {
      const header = res.headers['set-cookie'];
      return Array.isArray(header) ? header[0] : header;
    };
    const sessionPair = async () => {
      const opened = await call(bridge, `/?token=${encodeURIComponent(bridge.token)}`);
      return cookieOf(opened)!.split(';')[0]!;
    };

    it('is set, HttpOnly and SameSite=Strict, only when the page is opened with the right token', async () => {
      const opened = await call(bridge, `/?token=${encodeURIComponent(bridge.token)}`);
      expect(cookieOf(opened)).toMatch(/^eventdesk_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/$/);
      // It is not the token: the token never sits in the cookie store.
      expect(cookieOf(opened)).not.toContain(bridge.token);
      expect(cookieOf(await call(bridge, '/?token=wrong'))).toBeUndefined();
      expect(cookieOf(await call(bridge, '/#/payments/p-1'))).toBeUndefined();
    });

    it('lets a request without the token in', async () => {
      const cookie = await sessionPair();
      const res = await call(bridge, '/rpc/cluster.status', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const ws = await openSocket(`ws://127.0.0.1:${bridge.port}/rpc`, { cookie });
      ws.send(JSON.stringify({ id: 7, channel: 'cluster.status', input: {} }));
      const reply = await new Promise<BridgeReply>((ok) =>
        ws.once('message', (d: Buffer) => ok(JSON.parse(d.toString()))),
      );
      expect(reply).toEqual({ id: 7, result: { ok: true, value: clusterStatus } });
      ws.close();
    });

    it('refuses a wrong cookie, a cookie from another run, and a foreign Origin even with the cookie', async () => {
      const wrong = await call(bridge, '/rpc/cluster.status', {
        method: 'POST',
        headers: { cookie: 'eventdesk_session=guess', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(wrong.status).toBe(401);
      const other = await startBridge({ handlers: stubHandlers, staticDir });
      const otherCookie = cookieOf(await call(other, `/?token=${encodeURIComponent(other.token)}`))!.split(
        ';',
      )[0]!;
      await other.close();
      const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc`, { headers: { cookie: otherCookie } });
      expect(await new Promise<number>((ok) => ws.on('close', (c: number) => ok(c)))).toBe(
        CLOSE_TOKEN_REJECTED,
      );
      const foreign = await call(bridge, '/rpc/cluster.status', {
        method: 'POST',
        headers: {
          cookie: await sessionPair(),
          origin: 'https://evil.example',
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(foreign.status).toBe(403);
    });
  });
});
