// The WebSocket transport used when the renderer runs in a browser next to the loopback bridge.
// Requests carry ids and may complete in any order; the socket reconnects with backoff, and a refused
// token stops the retries with a message that says what to do instead of spinning forever.
import type {
  BridgeCancel,
  BridgeReply,
  BridgeRequest,
  Channel,
  ChannelInput,
  ChannelOutput,
} from '../../../shared/contract';
import { backoffDelay } from '../../../shared/backoff';
import type { Result } from '../../../shared/failure';
import { appError } from './appError';
import { BridgeLive } from './bridgeLive';
import type { BackendLink, BackendLinkStatus, ConsoleTransport } from './linkStatus';

export interface SocketHandlers {
  onOpen: () => void;
  onMessage: (data: string) => void;
  onClose: (code: number, reason: string) => void;
}

export interface SocketHandle {
  send: (data: string) => void;
  close: () => void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

/** Asks the bridge over plain HTTP why a socket did not open: a wrong token, or just not up yet. */
export type FailureDiagnosis = () => Promise<'token_rejected' | 'retry'>;

export interface BridgeTransportOptions {
  url: string;
  createSocket: SocketFactory;
  diagnose?: FailureDiagnosis;
  /** What a refusal means here: a wrong token in the link, or no token and no session (default: wrong token). */
  refusal?: { state: 'token_rejected' | 'token_missing'; message: string };
  requestTimeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

export const TOKEN_REJECTED_MESSAGE =
  'The console backend refused the access token in this link. Open the address printed by "npm run console" again.';

/** Close codes a bridge may use when it rejects the token after the upgrade (policy violation, 4401/4403). */
const tokenRejectedCloseCodes = new Set([1008, 4401, 4403]);

interface PendingRequest {
  request: BridgeRequest;
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

export function parseBridgeReply(data: string): BridgeReply | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { id, result } = parsed as { id?: unknown; result?: unknown };
  if (typeof id !== 'number' || typeof result !== 'object' || result === null) return null;
  const ok = (result as { ok?: unknown }).ok;
  if (ok === true && 'value' in result) return { id, result: result as Result<unknown> };
  if (ok === false && typeof (result as { error?: unknown }).error === 'object')
    return { id, result: result as Result<unknown> };
  return null;
}

export class BridgeTransport implements ConsoleTransport {
  readonly kind = 'bridge' as const;
  private readonly pending = new Map<number, PendingRequest>();
  private readonly listeners = new Set<() => void>();
  private readonly requestTimeoutMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private socket: SocketHandle | null = null;
  private socketOpen = false;
  private nextId = 1;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private current: BackendLinkStatus = { state: 'connecting', attempt: 1 };
  /** Live events ride on the same socket as requests. */
  readonly live = new BridgeLive((message) => {
    if (this.socketOpen) this.socket?.send(JSON.stringify(message));
  });

  constructor(private readonly options: BridgeTransportOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.connect();
  }

  readonly link: BackendLink = {
    status: () => this.current,
    subscribe: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  invoke<C extends Channel>(
    channel: C,
    input: ChannelInput<C>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Result<ChannelOutput<C>>> {
    if (this.current.state === 'token_rejected' || this.current.state === 'token_missing') {
      return Promise.resolve({ ok: false, error: appError('forbidden', this.current.message) });
    }
    if (this.disposed) {
      return Promise.resolve({ ok: false, error: appError('internal', 'The console was closed.') });
    }
    const request: BridgeRequest = { id: this.nextId++, channel, input };
    return new Promise<Result<unknown>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.id);
        resolve({
          ok: false,
          error: appError(
            'unreachable',
            `The console backend did not answer within ${Math.round(this.requestTimeoutMs / 1000)} s.`,
          ),
        });
      }, this.requestTimeoutMs);
      const entry: PendingRequest = { request, resolve, timer, sent: false };
      this.pending.set(request.id, entry);
      if (this.socketOpen) this.send(entry);
      // The page no longer wants the answer (react-query cancelled the query): tell the backend to stop.
      options.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.delete(request.id)) return;
          clearTimeout(timer);
          if (entry.sent && this.socketOpen)
            this.socket?.send(JSON.stringify({ cancel: request.id } satisfies BridgeCancel));
          resolve({
            ok: false,
            error: appError('cancelled', 'Cancelled: the page no longer needs this answer.'),
          });
        },
        { once: true },
      );
    }) as Promise<Result<ChannelOutput<C>>>;
  }

  dispose(): void {
    this.disposed = true;
    this.live.closed();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close();
    this.socket = null;
    this.failAll(() => true, appError('internal', 'The console was closed.'));
  }

  private setStatus(next: BackendLinkStatus): void {
    this.current = next;
    for (const listener of this.listeners) listener();
  }

  private connect(): void {
    if (this.disposed) return;
    let opened = false;
    const socket = this.options.createSocket(this.options.url, {
      onOpen: () => {
        if (socket !== this.socket) return;
        opened = true;
        this.socketOpen = true;
        this.failures = 0;
        this.setStatus({ state: 'open' });
        for (const entry of this.pending.values()) if (!entry.sent) this.send(entry);
        this.live.opened();
      },
      onMessage: (data) => {
        const reply = parseBridgeReply(data);
        if (!reply) {
          this.live.receive(data);
          return;
        }
        const entry = this.pending.get(reply.id);
        if (!entry) return;
        this.pending.delete(reply.id);
        clearTimeout(entry.timer);
        entry.resolve(reply.result);
      },
      onClose: (code) => {
        if (socket !== this.socket) return;
        this.socket = null;
        this.socketOpen = false;
        this.live.closed();
        // A refused token is final: say so to every waiting request rather than "lost, reconnecting".
        if (tokenRejectedCloseCodes.has(code)) {
          this.rejectToken();
          return;
        }
        // Requests already on the wire are lost with the socket; queued ones wait for the next one.
        this.failAll(
          (entry) => entry.sent,
          appError('unreachable', 'The connection to the console backend was lost; reconnecting.'),
        );
        void this.afterClose(opened);
      },
    });
    this.socket = socket;
  }

  private async afterClose(opened: boolean): Promise<void> {
    if (this.disposed) return;
    // A socket that never opened may have been refused at the HTTP upgrade, which scripts cannot see.
    if (!opened && this.options.diagnose) {
      const verdict = await this.options.diagnose().catch(() => 'retry' as const);
      if (this.disposed) return;
      if (verdict === 'token_rejected') {
        this.rejectToken();
        return;
      }
    }
    this.failures += 1;
    const delay = backoffDelay(this.failures, { initialMs: this.initialBackoffMs, maxMs: this.maxBackoffMs });
    this.setStatus({
      state: 'reconnecting',
      attempt: this.failures,
      retryAt: this.now() + delay,
      reason: opened ? 'the connection was lost' : 'the console backend is not answering',
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private rejectToken(): void {
    const refusal = this.options.refusal ?? { state: 'token_rejected', message: TOKEN_REJECTED_MESSAGE };
    this.setStatus(refusal);
    this.failAll(() => true, appError('forbidden', refusal.message));
  }

  private send(entry: PendingRequest): void {
    entry.sent = true;
    this.socket?.send(JSON.stringify(entry.request));
  }

  private failAll(which: (entry: PendingRequest) => boolean, error: ReturnType<typeof appError>): void {
    for (const [id, entry] of this.pending) {
      if (!which(entry)) continue;
      this.pending.delete(id);
      clearTimeout(entry.timer);
      entry.resolve({ ok: false, error });
    }
  }
}

/** The browser's WebSocket behind the small interface above. */
export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => handlers.onOpen());
  socket.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  });
  socket.addEventListener('close', (event: CloseEvent) => handlers.onClose(event.code, event.reason));
  return { send: (data) => socket.send(data), close: () => socket.close() };
};

/**
 * A plain HTTP call with the same token (or, without one, the same session cookie) tells "refused"
 * (401/403) apart from "not up yet".
 */
export function httpDiagnosis(origin: string, token: string | null): FailureDiagnosis {
  return async () => {
    const response = await fetch(`${origin}/rpc/cluster.status`, {
      method: 'POST',
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
      },
      credentials: 'same-origin',
      body: '{}',
    });
    return response.status === 401 || response.status === 403 ? 'token_rejected' : 'retry';
  };
}
