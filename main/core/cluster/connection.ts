// Holds the current cluster connection: one state machine (disconnected → connecting → connected |
// unreachable) that retries by itself with exponential backoff and recovers when the broker returns.
import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff';
import type { ConnectionAccess } from '../../../shared/access';
import type { ConnectionStatus } from '../../../shared/cluster';
import { AppFailure } from '../appFailure';
import type { Clock } from '../clock';
import {
  KafkaPortError,
  connectivityKinds,
  type ClientSecurity,
  type KafkaPort,
  type KafkaPortFactory,
} from '../kafka/kafkaPort';

export type { BackoffPolicy };

/** Retries after 1 s, 2 s, 4 s, ... capped at 30 s. */
export const defaultBackoff: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };

/** A profile's connection: its security settings (main only) and what the status may say about it. */
export interface ConnectionTarget {
  security?: ClientSecurity;
  access: ConnectionAccess;
}

/** The words for a TLS or SASL failure that has a name; null for the rest. */
function describeSecurityFailure(
  error: KafkaPortError,
  broker: string,
  host: string,
  access: ConnectionAccess | undefined,
): string | null {
  const protocol = access?.protocol;
  switch (error.security) {
    case 'sasl-failed':
      if (access?.mechanism === 'OAUTHBEARER')
        return `${broker} refused the sign-in: authentication failed for ${access.principal ?? 'this client'} (OAUTHBEARER); the broker did not accept the token the endpoint issued`;
      return `${broker} refused the sign-in: authentication failed for ${access?.principal ?? 'this user'} (${access?.mechanism ?? 'SASL'}); check the user name and password`;
    case 'token-failed':
      return `Cannot sign in to ${broker} with OAUTHBEARER: ${error.message}`;
    case 'untrusted-certificate':
      return `${broker}: the broker's TLS certificate is not signed by a trusted CA (${error.message}); set the profile's CA file to the cluster's CA certificate`;
    case 'hostname-mismatch':
      return `${broker}: the broker's TLS certificate is not issued for "${host}" (${error.message}); connect by a name the certificate lists, or turn off hostname verification`;
    case 'certificate-expired':
      return `${broker}: the broker's TLS certificate has expired or is not valid yet (${error.message})`;
    case 'client-certificate-refused':
      return `${broker} refused the client certificate (missing, or not signed by a CA the broker trusts); check the profile's certificate and key files`;
    case 'not-tls':
      return `${broker} does not speak TLS: it is a plaintext listener. Use PLAINTEXT or SASL_PLAINTEXT, or the cluster's TLS port`;
    case 'expects-tls':
      return `${broker} closed the connection without answering: the listener probably expects TLS, and this profile uses ${protocol ?? 'PLAINTEXT'}. Use SSL or SASL_SSL`;
    default:
      return null;
  }
}

/** Turns a failed connection attempt into words a support person can act on. */
export function describeConnectionFailure(
  error: unknown,
  bootstrap: string[],
  access?: ConnectionAccess,
): string {
  const where = bootstrap.join(', ');
  if (!(error instanceof KafkaPortError)) {
    return `Cannot connect to ${where}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const broker = error.broker ?? where;
  const host = broker.includes(':') ? broker.slice(0, broker.lastIndexOf(':')) : broker;
  const security = describeSecurityFailure(error, broker, host, access);
  if (security) return security;
  switch (error.kind) {
    case 'connection_refused':
      return `Cannot reach ${broker}: connection refused (nothing is listening on that port)`;
    case 'dns':
      return `Cannot reach ${broker}: DNS lookup of "${host}" failed (check the host name)`;
    case 'timeout':
      return `Cannot reach ${broker}: timed out waiting for an answer (check the address, firewall or VPN)`;
    case 'connection_closed':
      return `Cannot reach ${broker}: the connection was closed (is this a Kafka listener, and does it expect TLS?)`;
    case 'tls':
      return `Cannot reach ${broker}: the TLS handshake failed (${error.message})`;
    case 'auth':
      return `${broker} refused the credentials: SASL authentication failed (${error.message})`;
    default:
      return `Kafka at ${broker} answered with an error: ${error.message}`;
  }
}

export interface ConnectionManager {
  /**
   * Switches to a new cluster, with a profile's security when given; resolves once the first attempt has
   * succeeded or failed.
   */
  connect(bootstrap: string[], target?: ConnectionTarget): Promise<ConnectionStatus>;
  status(): ConnectionStatus;
  /**
   * Runs `body` against the connected cluster. Throws AppFailure not_connected/unreachable when there is
   * no usable connection; a connectivity failure inside `body` flips the state to unreachable.
   */
  use<T>(body: (kafka: KafkaPort) => Promise<T>): Promise<T>;
  /** Called on every state change; returns an unsubscribe function. */
  onChange(listener: (status: ConnectionStatus) => void): () => void;
  dispose(): Promise<void>;
}

export interface ConnectionManagerOptions {
  createPort: KafkaPortFactory;
  clock: Clock;
  backoff?: BackoffPolicy;
}

export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  const { createPort, clock } = options;
  const backoff = options.backoff ?? defaultBackoff;
  const listeners = new Set<(status: ConnectionStatus) => void>();
  let current: ConnectionStatus = { state: 'disconnected', bootstrap: [], attempts: 0, since: clock.now() };
  let port: KafkaPort | null = null;
  let target: ConnectionTarget | undefined;
  // Each connect() starts a new generation; results of attempts from an older one are ignored.
  let generation = 0;
  let inFlight: Promise<void> | null = null;
  let cancelRetry: (() => void) | null = null;
  let disposed = false;

  const setStatus = (next: Omit<ConnectionStatus, 'since'>) => {
    const since =
      next.state === current.state && next.bootstrap === current.bootstrap ? current.since : clock.now();
    current = { ...next, ...(target ? { access: target.access } : {}), since };
    for (const listener of listeners) listener(current);
  };

  const closePort = (p: KafkaPort | null) => {
    if (p) void p.close().catch(() => undefined);
  };

  const fail = (gen: number, error: unknown) => {
    if (gen !== generation || disposed) return;
    closePort(port);
    port = null;
    const attempts = current.attempts + 1;
    const delay = backoffDelay(attempts, backoff);
    setStatus({
      state: 'unreachable',
      bootstrap: current.bootstrap,
      error: describeConnectionFailure(error, current.bootstrap, target?.access),
      ...(error instanceof KafkaPortError && error.security ? { securityFailure: error.security } : {}),
      attempts,
      nextRetryAt: clock.now() + delay,
    });
    cancelRetry?.();
    cancelRetry = clock.schedule(delay, () => {
      cancelRetry = null;
      void attempt(gen);
    });
  };

  const attempt = (gen: number): Promise<void> => {
    if (gen !== generation || disposed) return Promise.resolve();
    const candidate = createPort(current.bootstrap, target?.security);
    const run = (async () => {
      try {
        await candidate.describeCluster();
      } catch (error) {
        closePort(candidate);
        fail(gen, error);
        return;
      }
      if (gen !== generation || disposed) {
        closePort(candidate);
        return;
      }
      port = candidate;
      setStatus({ state: 'connected', bootstrap: current.bootstrap, attempts: 0 });
    })();
    inFlight = run;
    void run.finally(() => {
      if (inFlight === run) inFlight = null;
    });
    return run;
  };

  const unusable = (): AppFailure => {
    if (current.state === 'disconnected') {
      return new AppFailure(
        'not_connected',
        'No Kafka cluster is connected yet. Enter bootstrap servers, e.g. localhost:9092.',
      );
    }
    const retry =
      current.nextRetryAt === undefined
        ? ''
        : ` Retrying in ${Math.max(0, Math.ceil((current.nextRetryAt - clock.now()) / 1000))} s.`;
    return new AppFailure(
      'unreachable',
      `${current.error ?? `Cannot reach ${current.bootstrap.join(', ')}`}.${retry}`,
    );
  };

  return {
    async connect(bootstrap, next) {
      if (disposed) throw new AppFailure('internal', 'The console backend is shutting down.');
      generation += 1;
      cancelRetry?.();
      cancelRetry = null;
      closePort(port);
      port = null;
      target = next;
      current = {
        state: 'connecting',
        bootstrap: [...bootstrap],
        attempts: 0,
        ...(target ? { access: target.access } : {}),
        since: clock.now(),
      };
      for (const listener of listeners) listener(current);
      await attempt(generation);
      return current;
    },

    status: () => current,

    async use(body) {
      if (current.state === 'connecting' && inFlight) await inFlight;
      const p = port;
      if (current.state !== 'connected' || !p) throw unusable();
      const gen = generation;
      try {
        return await body(p);
      } catch (error) {
        if (error instanceof KafkaPortError && connectivityKinds.has(error.kind)) {
          if (gen === generation && port === p) fail(gen, error);
          throw new AppFailure(
            'unreachable',
            describeConnectionFailure(error, current.bootstrap, target?.access),
          );
        }
        throw error;
      }
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async dispose() {
      disposed = true;
      generation += 1;
      cancelRetry?.();
      cancelRetry = null;
      const p = port;
      port = null;
      listeners.clear();
      await p?.close().catch(() => undefined);
    },
  };
}
