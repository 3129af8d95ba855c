// One kafkajs client for one cluster: the Kafka object, one admin and one producer, each connected on first
// use. Both ports are built on it, so a connected console holds one set of broker connections, not two.
import {
  Kafka,
  logLevel,
  type Admin,
  type KafkaConfig,
  type LogEntry,
  type Producer,
  type RetryOptions,
} from 'kafkajs';

export interface KafkajsClientOptions {
  clientId?: string;
  /** TCP connect timeout per broker. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Retries of kafkajs's own clients (admin, producer); kafkajs's defaults when omitted. */
  retry?: RetryOptions;
  /** Extra kafkajs config (ssl, sasl) from the connection settings. */
  config?: Omit<KafkaConfig, 'brokers' | 'clientId'>;
  /** kafkajs log lines; dropped when omitted (kafkajs logs connection failures very loudly). */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;
}

export interface KafkajsClient {
  readonly bootstrap: readonly string[];
  /** Whether the client speaks TLS (an error's meaning can depend on it). */
  readonly tls: boolean;
  /** Whether a broker has answered this client yet: a connection closed before that says more than one after. */
  readonly answered: boolean;
  markAnswered(): void;
  readonly kafka: Kafka;
  admin(): Promise<Admin>;
  /**
   * Drops the admin for a fresh one. kafkajs remembers every topic it fetched offsets for and puts them all
   * in each later metadata request; once one of them is deleted elsewhere, every refresh fails with
   * UNKNOWN_TOPIC_OR_PARTITION. A fresh admin forgets them.
   */
  replaceAdmin(): void;
  producer(): Promise<Producer>;
  /** Disconnects the admin and the producer; a later call connects new ones (a port decides whether it may). */
  close(): Promise<void>;
}

function levelName(level: number): 'error' | 'warn' | 'info' | 'debug' {
  if (level >= logLevel.DEBUG) return 'debug';
  if (level >= logLevel.INFO) return 'info';
  return level >= logLevel.WARN ? 'warn' : 'error';
}

/** Connects once, shares the attempt with concurrent callers, and forgets a failed attempt so the next call dials again. */
function lazily<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(make: () => T) {
  let current: { client: T; ready: Promise<T> } | undefined;
  return {
    get(): Promise<T> {
      if (!current) {
        const client = make();
        const entry: { client: T; ready: Promise<T> } = {
          client,
          ready: client.connect().then(
            () => client,
            (error: unknown) => {
              if (current === entry) current = undefined;
              void client.disconnect().catch(() => undefined);
              throw error;
            },
          ),
        };
        current = entry;
      }
      return current.ready;
    },
    /** The client (connected or not), forgotten: the next get() makes a new one. */
    take(): T | undefined {
      const client = current?.client;
      current = undefined;
      return client;
    },
  };
}

export function createKafkajsClient(
  bootstrap: readonly string[],
  options: KafkajsClientOptions = {},
): KafkajsClient {
  const kafka = new Kafka({
    logLevel: options.log ? logLevel.WARN : logLevel.NOTHING,
    ...(options.log
      ? {
          logCreator: () => (entry: LogEntry) =>
            options.log?.(levelName(entry.level), `${entry.namespace}: ${entry.log.message}`),
        }
      : {}),
    ...(options.connectionTimeoutMs !== undefined ? { connectionTimeout: options.connectionTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeout: options.requestTimeoutMs, enforceRequestTimeout: true }
      : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...options.config,
    brokers: [...bootstrap],
    clientId: options.clientId ?? 'eventdesk-console',
  });
  const admin = lazily(() => kafka.admin(options.retry ? { retry: options.retry } : {}));
  const producer = lazily(() =>
    kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 1,
      ...(options.retry ? { retry: options.retry } : {}),
    }),
  );
  let answered = false;
  return {
    bootstrap,
    tls: Boolean(options.config?.ssl),
    get answered() {
      return answered;
    },
    markAnswered: () => {
      answered = true;
    },
    kafka,
    admin: () => admin.get(),
    replaceAdmin: () =>
      void admin
        .take()
        ?.disconnect()
        .catch(() => undefined),
    producer: () => producer.get(),
    async close() {
      await Promise.all([
        admin
          .take()
          ?.disconnect()
          .catch(() => undefined),
        producer
          .take()
          ?.disconnect()
          .catch(() => undefined),
      ]);
    },
  };
}
