// The loopback bridge: the same handler table as Electron's IPC, served over HTTP and WebSocket on
// 127.0.0.1 for source checkouts, headless machines and browser tests. Never part of the packaged app.
//
// Every request passes three gates before any work: the Host header names this server (blocks DNS
// rebinding), the Origin, when present, is this server's own (blocks other web pages), and /rpc carries
// the per-run token, or the session cookie the page got when it was opened with the token (HttpOnly,
// SameSite=Strict), so a link to `/#/payments/<id>` opened in a new tab works without the token in it.
// On an admitted socket a page may also subscribe to live events ({"subscribe": event}); the bridge then
// pushes {"event", "payload"} messages on it until it unsubscribes or the socket closes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { BridgeReply, Handlers } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { isLiveEvent, type BridgePush, type BridgeSubscribed, type LiveEvent } from '../../shared/live';
import { dispatch } from '../core/dispatch';
import type { LiveSource } from '../core/live/liveHub';
import { contentSecurityPolicy } from '../../shared/contentSecurityPolicy';

export interface BridgeOptions {
  handlers: Handlers;
  /** Change notifications a page may subscribe to on its socket (none without). */
  live?: LiveSource;
  /** Loopback only, by design. */
  host?: '127.0.0.1';
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Built renderer to serve; default dist/renderer under the working directory. */
  staticDir?: string;
  /** Fixed token (tests); a random one per run otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningBridge {
  /** http://127.0.0.1:PORT/?token=TOKEN: the address to open in a browser. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The cookie that stands for the token once a page was opened with it. */
export const SESSION_COOKIE = 'eventdesk_session';

/** A cookie's value from the Cookie header (bounded by Node's header size limit), or null. */
function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** WebSocket close code for a missing or wrong token (mirrors HTTP 401). */
export const CLOSE_TOKEN_REJECTED = 4401;
const maxBodyBytes = 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Compares secrets in constant time whatever their lengths. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function rejection(code: 'forbidden' | 'invalid_input', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBodyBytes) throw new Error('too_large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(32).toString('base64url');
  // A separate secret for the cookie: the token itself never sits in the browser's cookie store.
  const session = randomBytes(32).toString('base64url');
  const sessionCookie = `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  /** The token (query or bearer), or else the session cookie. */
  const authorized = (req: IncomingMessage, given: string | null): boolean => {
    if (given !== null) return sameSecret(given, token);
    const cookie = cookieValue(req, SESSION_COOKIE);
    return cookie !== null && sameSecret(cookie, session);
  };
  const staticRoot = resolve(options.staticDir ?? 'dist/renderer');
  const log = options.log ?? (() => {});
  let port = 0;
  // Filled once the port is known: the exact Host and Origin values a legitimate page sends.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let csp = '';

  const gate = (req: IncomingMessage): { status: 403; message: string } | null => {
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) {
      return {
        status: 403,
        message: `Host "${hostHeader}" is not this console (expected 127.0.0.1:${port} or localhost:${port}).`,
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) {
      return { status: 403, message: `Origin "${origin}" may not call this console.` };
    }
    return null;
  };

  const securityHeaders = (): Record<string, string> => ({
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  });

  const serveStatic = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const pathname = url.pathname;
    const given = url.searchParams.get('token');
    // Opened with the right token: the page gets the session cookie for later tabs and reloads.
    const cookie: Record<string, string> =
      given !== null && sameSecret(given, token) ? { 'set-cookie': sessionCookie } : {};
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendJson(res, 400, rejection('invalid_input', 'Malformed path.'));
    }
    if (decoded.includes('\0') || decoded.includes('\\'))
      return sendJson(res, 400, rejection('invalid_input', 'Malformed path.'));
    const index = resolve(staticRoot, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders() });
      res.end(`The renderer is not built yet (no ${index}). Run "npm run build:renderer" and reload.\n`);
      return;
    }
    let file = resolve(staticRoot, `.${decoded}`);
    // resolve() has already collapsed "..": anything outside the root is a traversal attempt.
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) {
      return sendJson(res, 404, rejection('invalid_input', 'Not found.'));
    }
    let stat = existsSync(file) ? statSync(file) : null;
    if (stat?.isDirectory()) {
      file = resolve(file, 'index.html');
      stat = existsSync(file) ? statSync(file) : null;
    }
    if (!stat || !stat.isFile()) {
      // Client-side routes (no file extension) get the app; a missing asset is a real 404.
      if (extname(decoded) !== '')
        return sendJson(res, 404, rejection('invalid_input', `No such file: ${decoded}`));
      file = index;
      stat = statSync(file);
    }
    const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(stat.size),
      'cache-control': file === index ? 'no-store' : 'no-cache',
      ...securityHeaders(),
      ...cookie,
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const handleRpcPost = async (req: IncomingMessage, res: ServerResponse, encodedChannel: string) => {
    if (!authorized(req, bearerToken(req))) {
      return sendJson(res, 401, rejection('forbidden', 'Missing or wrong access token.'), {
        'www-authenticate': 'Bearer',
      });
    }
    // Decoded only after the token check: a malformed path from a stranger learns nothing but 401.
    let channel: string;
    try {
      channel = decodeURIComponent(encodedChannel);
    } catch {
      return sendJson(
        res,
        400,
        rejection('invalid_input', 'The channel in the path is not valid percent-encoding.'),
      );
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return sendJson(res, 413, rejection('invalid_input', `Request body over ${maxBodyBytes} bytes.`));
    }
    let input: unknown = undefined;
    if (body.trim() !== '') {
      try {
        input = JSON.parse(body);
      } catch {
        return sendJson(res, 400, rejection('invalid_input', 'The request body is not valid JSON.'));
      }
    }
    // A caller that hangs up abandons the request: its work stops instead of running on for nobody.
    const abandoned = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) abandoned.abort();
    });
    const result = await dispatch(options.handlers, channel, input, abandoned.signal);
    if (!abandoned.signal.aborted) sendJson(res, 200, result);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const refused = gate(req);
      if (refused) return sendJson(res, refused.status, rejection('forbidden', refused.message));
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname === '/health') return sendJson(res, 200, { ok: true });
      if (url.pathname.startsWith('/rpc/')) {
        if (req.method !== 'POST')
          return sendJson(res, 405, rejection('invalid_input', 'Use POST for /rpc/<channel>.'), {
            allow: 'POST',
          });
        return handleRpcPost(req, res, url.pathname.slice('/rpc/'.length));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, rejection('invalid_input', 'Method not allowed.'), { allow: 'GET, HEAD' });
      serveStatic(req, res, url);
    })().catch((error: unknown) => {
      log(`bridge request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          ok: false,
          error: { code: 'internal', message: 'The bridge failed to answer.' },
        });
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBodyBytes });

  const refuseUpgrade = (socket: Duplex, status: number, message: string) => {
    socket.end(
      `HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`,
    );
  };

  server.on('upgrade', (req, socket, head) => {
    const refused = gate(req);
    if (refused) return refuseUpgrade(socket, refused.status, refused.message);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/rpc') return refuseUpgrade(socket, 404, 'Only /rpc speaks WebSocket.');
    const given = url.searchParams.get('token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Close after the upgrade, with a code the page can read (an HTTP refusal is invisible to scripts).
      if (!authorized(req, given)) return ws.close(CLOSE_TOKEN_REJECTED, 'Missing or wrong access token');
      serveSocket(ws);
    });
  });

  const serveSocket = (ws: WebSocket) => {
    // Requests of this page still being answered: a cancel message or the socket closing aborts them.
    const inFlight = new Map<number, AbortController>();
    // Live events this page follows: pushed on this socket until it unsubscribes or the socket closes.
    const following = new Map<LiveEvent, () => void>();
    ws.on('close', () => {
      for (const request of inFlight.values()) request.abort();
      inFlight.clear();
      for (const stop of following.values()) stop();
      following.clear();
    });
    const send = (message: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    /** A subscribe or unsubscribe message; false when the message is neither. */
    const follow = (m: { subscribe?: unknown; unsubscribe?: unknown }): boolean => {
      const name = m.subscribe ?? m.unsubscribe;
      if (name === undefined) return false;
      if (!isLiveEvent(name) || !options.live) {
        const shown = typeof name === 'string' ? `"${name.slice(0, 100)}"` : `a ${typeof name}`;
        send({
          id: -1,
          result: rejection('forbidden', `Unknown live event ${shown}: not in the table.`),
        } satisfies BridgeReply);
        return true;
      }
      if (m.subscribe !== undefined) {
        if (!following.has(name))
          following.set(
            name,
            options.live.subscribe(name, (payload) => send({ event: name, payload } satisfies BridgePush)),
          );
        send({ subscribed: name } satisfies BridgeSubscribed);
      } else {
        following.get(name)?.();
        following.delete(name);
      }
      return true;
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void (async () => {
        let id = -1;
        let reply: Result<unknown>;
        try {
          if (isBinary) throw new Error('binary');
          const message: unknown = JSON.parse(data.toString());
          const m = (typeof message === 'object' && message !== null ? message : {}) as {
            id?: unknown;
            channel?: unknown;
            input?: unknown;
            cancel?: unknown;
            subscribe?: unknown;
            unsubscribe?: unknown;
          };
          if (m.id === undefined && follow(m)) return;
          if (typeof m.cancel === 'number' && m.id === undefined) {
            inFlight.get(m.cancel)?.abort();
            return;
          }
          if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) throw new Error('shape');
          id = m.id;
          const request = new AbortController();
          inFlight.set(id, request);
          try {
            reply = await dispatch(options.handlers, m.channel, m.input, request.signal);
          } finally {
            inFlight.delete(id);
          }
          // Nobody waits for an abandoned request's answer.
          if (request.signal.aborted) return;
        } catch {
          reply = rejection(
            'invalid_input',
            'Each message must be JSON {"id": number, "channel": string, "input": ...}.',
          );
        }
        send({ id, result: reply } satisfies BridgeReply);
      })();
    });
    ws.on('error', (error) => log(`bridge socket error: ${error.message}`));
  };

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  csp = contentSecurityPolicy({ connectSources: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}
