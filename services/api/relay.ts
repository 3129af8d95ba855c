// The outbox relay: publishes committed outbox rows to Kafka and marks them sent after the broker acked them.
// It runs beside the API and never blocks it: while Kafka is down, rows wait in SQLite and the relay backs off.
import { Kafka, logLevel, type LogEntry, type Producer } from 'kafkajs';
import type { PaymentStore } from './store';
import { ensureTopicsServed } from '../runtime/topicReadiness';
import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '../../shared/backoff';
import { ceHeaders } from '../../shared/events';
import type { ValueWriter } from '../runtime/avroValues';

export interface OutboxRelayOptions {
  store: PaymentStore;
  bootstrap: string | string[];
  /** Topic created (if missing) before the first publish. */
  topic: string;
  partitions?: number;
  batchSize?: number;
  /** How often the relay looks at the outbox when nobody woke it. */
  pollIntervalMs?: number;
  /** After a wake-up, wait this long so the commits of concurrent requests go out in one produce request. */
  lingerMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  clientId?: string;
  log?: (line: string) => void;
  /**
   * Writes the values (e.g. Avro in the Confluent wire format); the outbox keeps the JSON payload either way.
   * Default: the JSON payload as it is.
   */
  values?: ValueWriter;
}

export interface RelayStats {
  published: number;
  publishBatches: number;
  failedAttempts: number;
  consecutiveFailures: number;
  lastError: string | null;
  lastPublishedAt: number | null;
  topicReady: boolean;
}

export interface OutboxRelay {
  /** Nudges the relay after a commit so events go out without waiting for the next poll. */
  wake(): void;
  stats(): RelayStats;
  /** Resolves once the outbox is empty (or rejects after timeoutMs). */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { store, topic } = options;
  const log = options.log ?? (() => {});
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  // Like the producer's linger.ms: at 1,000 payments/s a wake per commit would mean a produce round trip (and a
  // SELECT + mark-sent transaction) for every handful of rows; 5 ms collects them at a negligible delay.
  const lingerMs = options.lingerMs ?? 5;
  const initialBackoffMs = options.initialBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const brokers = Array.isArray(options.bootstrap) ? options.bootstrap : options.bootstrap.split(',');

  const kafka = new Kafka({
    clientId: options.clientId ?? 'eventdesk-payments-relay',
    brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // The relay has its own backoff loop; kafkajs' internal retries only smooth over blips.
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.ERROR,
    logCreator: () => (entry: LogEntry) => log(`kafkajs ${entry.namespace}: ${entry.log.message}`),
  });

  const stats: RelayStats = {
    published: 0,
    publishBatches: 0,
    failedAttempts: 0,
    consecutiveFailures: 0,
    lastError: null,
    lastPublishedAt: null,
    topicReady: false,
  };

  let producer: Producer | null = null;
  let producerConnected = false;
  let running = true;
  let wakeUp: (() => void) | null = null;
  let wakePending = false;

  const newProducer = (): Producer =>
    kafka.producer({
      // Removes duplicates from kafkajs' own retries within a session; the stable ce_id covers the rest.
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });

  const waitForWake = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakePending) {
        wakePending = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      };
    });

  const ensureTopic = async () => {
    if (stats.topicReady) return;
    const admin = kafka.admin();
    try {
      await admin.connect();
      // Served partitions, not kafkajs's waitForLeaders (which fails on a topic the broker has not applied yet).
      await ensureTopicsServed(admin, [{ topic, numPartitions: options.partitions ?? 3 }]);
      stats.topicReady = true;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  };

  const dropProducer = async () => {
    const old = producer;
    producer = null;
    producerConnected = false;
    await old?.disconnect().catch(() => {});
  };

  const publishOnce = async (): Promise<number> => {
    const rows = store.unsentOutbox(batchSize);
    if (rows.length === 0) return 0;
    await ensureTopic();
    if (!producer) producer = newProducer();
    if (!producerConnected) {
      await producer.connect();
      producerConnected = true;
    }
    const byTopic = new Map<string, typeof rows>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    // A registry that cannot be reached fails the attempt like a broker would: the rows wait in the outbox.
    const { values } = options;
    for (const t of byTopic.keys()) await values?.prepare(t);
    const message = (t: string, r: (typeof rows)[number]) =>
      values
        ? {
            key: r.messageKey,
            value: values.encode(t, r.payload),
            headers: { ...r.headers, [ceHeaders.contentType]: values.contentType },
          }
        : { key: r.messageKey, value: r.payload, headers: r.headers };
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([t, group]) => ({
          topic: t,
          messages: group.map((r) => message(t, r)),
        })),
      });
    } catch (err) {
      store.noteAttempt(rows.map((r) => r.seq));
      throw err;
    }
    // Marked only after the broker acked with acks=all; a crash in between re-sends the same ce_id (at least once).
    store.markSent(
      rows.map((r) => r.seq),
      Date.now(),
    );
    stats.published += rows.length;
    stats.publishBatches += 1;
    stats.lastPublishedAt = Date.now();
    return rows.length;
  };

  const loop = async () => {
    while (running) {
      try {
        const sent = await publishOnce();
        if (stats.consecutiveFailures > 0)
          log(`relay recovered after ${stats.consecutiveFailures} failed attempts`);
        stats.consecutiveFailures = 0;
        // A full batch means more may be waiting: go again at once.
        if (sent < batchSize) {
          await waitForWake(pollIntervalMs);
          if (lingerMs > 0 && running) await sleep(lingerMs);
        }
      } catch (err) {
        if (!running) break;
        stats.failedAttempts += 1;
        stats.consecutiveFailures += 1;
        stats.lastError = (err as Error).message;
        const backoffMs = backoffDelay(stats.consecutiveFailures, {
          initialMs: initialBackoffMs,
          maxMs: maxBackoffMs,
        });
        if (stats.consecutiveFailures === 1 || stats.consecutiveFailures % 20 === 0) {
          log(
            `relay publish failed (${stats.consecutiveFailures}x), retrying in ~${backoffMs} ms: ${stats.lastError}`,
          );
        }
        // A producer that failed repeatedly may hold a stale connection or producer epoch: start a fresh one.
        if (stats.consecutiveFailures % 3 === 0) await dropProducer();
        // Full jitter keeps several relays from retrying in lockstep after an outage.
        await sleep(Math.round(backoffMs / 2 + (Math.random() * backoffMs) / 2));
      }
    }
  };

  const finished = loop();

  return {
    wake() {
      if (wakeUp) wakeUp();
      else wakePending = true;
    },
    stats: () => ({ ...stats }),
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (store.outboxBacklog().pending > 0) {
        if (Date.now() > deadline) {
          throw new Error(
            `outbox not drained within ${timeoutMs} ms (last error: ${stats.lastError ?? 'none'})`,
          );
        }
        await sleep(50);
      }
    },
    async close() {
      running = false;
      wakeUp?.();
      // A publish stuck on an unreachable broker must not hold shutdown hostage; rows stay in the outbox.
      await Promise.race([finished, sleep(3_000)]);
      await dropProducer();
    },
  };
}
