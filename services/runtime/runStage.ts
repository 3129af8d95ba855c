// One consumer runtime for every stage: a consumer group named after the stage reads the source topic, the
// stage's retry tiers and its redelivery topic. A failure never blocks a partition: the record is forwarded
// to the next retry tier (or the DLQ) and the partition moves on; a retry tier pauses only its own partition
// until the head record is due. Offsets are committed only after the outcome is durable.
import {
  Kafka,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import { eventdeskHeaders } from '../../shared/deadLetterHeaderNames';
import { SOURCE_TOPIC } from '../../shared/referencePipeline';
import type { StageHandler } from '../stages/types';
import {
  classifyFailure,
  deadLetterHeaders,
  headerText,
  outcomeHeaders,
  parseEnvelope,
  retryHeaders,
  type ClassifiedFailure,
  type ConsumedRecord,
  type ForwardHeaders,
} from './envelope';
import { createValueReader } from './avroValues';
import { startHealthServer, type HealthServer } from './health';
import type { SchemaRegistrySettings } from '../../shared/schemaRegistry';
import type { StageMetrics } from './stageMetrics';

export type { StageMetrics } from './stageMetrics';
import { openProcessedStore, type ProcessedStore } from './processedStore';
import { ensureTopics, stageTopicConfigs, stageTopicNames } from './topology';

/** Successes buffered before their outcomes and processed rows are written in one go. */
const MAX_PENDING = 200;

export interface RetryTier {
  /** How long after the failure the record is tried again. */
  delayMs: number;
}

export interface RunStageOptions {
  stage: string;
  bootstrap: string | string[];
  handler: StageHandler;
  /** Growing delays, e.g. [{delayMs: 1000}, {delayMs: 10000}, {delayMs: 60000}]; after the last: the DLQ. */
  tiers: RetryTier[];
  /** Holds the processed-event store (processed-<stage>.sqlite). */
  dataDir: string;
  /** Defaults to `payments.succeeded`; tests use unique names. */
  sourceTopic?: string;
  /** Defaults to the stage name. */
  groupId?: string;
  /** Where outcome events go (e.g. `receipts.sent`); none when omitted. */
  outcomeTopic?: string;
  /** Health/metrics HTTP port on 127.0.0.1; 0 picks a free one; omitted: no HTTP server. */
  healthPort?: number;
  /** Creates the stage's retry, redelivery, DLQ and outcome topics if missing (default true). */
  createTopics?: boolean;
  /** Read the topics from the beginning when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  clientId?: string;
  /**
   * How long the broker waits for a silent member (default 10 s): after a SIGKILL, the partitions of the dead
   * process move to a new member only after this. The broker's minimum is 6 s.
   */
  sessionTimeoutMs?: number;
  log?: (line: string) => void;
  /** Decodes values in the Confluent wire format (Avro) with this registry; JSON values need none. */
  schemaRegistry?: SchemaRegistrySettings;
  /** Called when kafkajs gives up (a crash it will not restart from); the CLI exits so a supervisor restarts it. */
  onFatalError?: (error: unknown) => void;
}

export interface RunningStage {
  readonly stage: string;
  readonly groupId: string;
  readonly topics: { source: string; retry: string[]; redelivery: string; dlq: string; outcome?: string };
  /** http://127.0.0.1:<port> when healthPort was given. */
  readonly healthUrl?: string;
  metrics(): StageMetrics;
  /** Graceful: finishes the record in hand, commits, leaves the group, closes stores. */
  stop(): Promise<void>;
}

export async function runStage(options: RunStageOptions): Promise<RunningStage> {
  const log = options.log ?? (() => {});
  const stage = options.stage;
  const groupId = options.groupId ?? stage;
  const sourceTopic = options.sourceTopic ?? SOURCE_TOPIC;
  if (options.tiers.length === 0) throw new Error('runStage needs at least one retry tier');
  const names = stageTopicNames({
    stage,
    sourceTopic,
    tierCount: options.tiers.length,
    outcomeTopic: options.outcomeTopic,
  });
  const retryIndex = new Map(names.retry.map((topic, i) => [topic, i]));

  const kafka = new Kafka({
    clientId: options.clientId ?? `eventdesk-stage-${stage}`,
    brokers: Array.isArray(options.bootstrap) ? options.bootstrap : options.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
  });

  if (options.createTopics !== false) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(
        admin,
        stageTopicConfigs({
          stage,
          sourceTopic,
          tierCount: options.tiers.length,
          outcomeTopic: options.outcomeTopic,
        }),
      );
    } finally {
      await admin.disconnect();
    }
  }

  const store: ProcessedStore = openProcessedStore(options.dataDir, stage);
  // Schemas by id, cached for the stage's life; retry and DLQ records keep the value bytes as they came.
  const values = createValueReader(options.schemaRegistry ?? null);
  // acks=-1 (the default for send) and idempotent: a forwarded record is durable before its source offset is committed.
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  const consumer: Consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 200,
    // Short backoff cap: after a broker restart the stage should be back within seconds, not tens of seconds.
    retry: { retries: 20, initialRetryTime: 300, maxRetryTime: 2000 },
  });

  const metrics: StageMetrics = {
    stage,
    groupId,
    state: 'starting',
    startedAt: new Date().toISOString(),
    processed: 0,
    retried: 0,
    deadLettered: 0,
    poison: 0,
    duplicatesSkipped: 0,
    outcomesPublished: 0,
    lastError: null,
    waiting: {},
    lag: {},
    processedStoreRows: store.count(),
  };
  const resumeTimers = new Map<string, NodeJS.Timeout>();
  const partitionKey = (topic: string, partition: number) => `${topic}/${partition}`;

  const noteFailure = (failure: ClassifiedFailure) => {
    metrics.lastError = {
      at: new Date().toISOString(),
      errorClass: failure.failureClass,
      name: failure.errorName,
      message: failure.message,
    };
  };

  const forward = async (topic: string, record: ConsumedRecord, headers: ForwardHeaders) => {
    await producer.send({ topic, messages: [{ key: record.key, value: record.value, headers }] });
  };

  const toDeadLetters = async (record: ConsumedRecord, failure: ClassifiedFailure) => {
    await forward(names.dlq, record, deadLetterHeaders(record, { stage, groupId, failure, now: Date.now() }));
    metrics.deadLettered++;
    if (failure.failureClass === 'poison') metrics.poison++;
    log(
      `${stage}: ${record.topic}/${record.partition}@${record.offset} → ${names.dlq} (${failure.failureClass}: ${failure.message})`,
    );
  };

  /**
   * Successes of the current batch whose outcome and processed row are not yet durable. They are flushed
   * together (one produce, one SQLite transaction) before the batch's offsets are resolved and committed:
   * per-record round trips would cap a stage at a few dozen events per second.
   */
  interface PendingSuccess {
    row: { ceId: string; paymentId: string; topic: string; partition: number; offset: string };
    outcome?: { key: string; value: string; headers: ForwardHeaders };
  }
  let pending: PendingSuccess[] = [];
  const pendingCeIds = new Set<string>();

  const flushPending = async () => {
    if (pending.length === 0) return;
    const outcomes = pending.flatMap((p) => (p.outcome ? [p.outcome] : []));
    if (names.outcome && outcomes.length > 0) {
      await producer.send({ topic: names.outcome, messages: outcomes });
      metrics.outcomesPublished += outcomes.length;
    }
    store.markProcessedMany(pending.map((p) => p.row));
    metrics.processed += pending.length;
    metrics.processedStoreRows += pending.length;
    pending = [];
    pendingCeIds.clear();
  };

  /** Handles one record; throws only when Kafka itself fails (then nothing of the batch is committed). */
  const processRecord = async (record: ConsumedRecord) => {
    const envelope = parseEnvelope(record, values);
    if (!envelope.ok) {
      const failure = classifyFailure(envelope.error);
      noteFailure(failure);
      await toDeadLetters(record, failure);
      return;
    }
    const { event, ceId, correlationId } = envelope;
    if (pendingCeIds.has(ceId) || store.has(ceId)) {
      metrics.duplicatesSkipped++;
      return;
    }
    let result;
    try {
      result = await options.handler(event, { ceId, correlationId });
    } catch (err) {
      const failure = classifyFailure(err);
      noteFailure(failure);
      const tier = retryIndex.get(record.topic);
      const nextTier = tier === undefined ? 0 : tier + 1;
      if (failure.failureClass !== 'transient' || nextTier >= options.tiers.length) {
        await toDeadLetters(record, failure);
        return;
      }
      const delayMs = options.tiers[nextTier]?.delayMs ?? 0;
      await forward(
        names.retry[nextTier] ?? names.dlq,
        record,
        retryHeaders(record, { stage, groupId, failure, now: Date.now(), delayMs }),
      );
      metrics.retried++;
      return;
    }
    pendingCeIds.add(ceId);
    pending.push({
      row: {
        ceId,
        paymentId: event.paymentId,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
      },
      outcome:
        names.outcome && result?.outcome
          ? {
              key: event.paymentId,
              value: JSON.stringify({ stage, paymentId: event.paymentId, ...result.outcome }),
              headers: outcomeHeaders(stage, ceId, correlationId, Date.now()),
            }
          : undefined,
    });
  };

  const waitUntilDue = (
    topic: string,
    partition: number,
    offset: string,
    dueAt: number,
    pause: () => () => void,
  ) => {
    const key = partitionKey(topic, partition);
    const resume = pause();
    // Fetching restarts exactly at the record that is not due yet.
    consumer.seek({ topic, partition, offset });
    metrics.waiting[key] = new Date(dueAt).toISOString();
    clearTimeout(resumeTimers.get(key));
    resumeTimers.set(
      key,
      setTimeout(
        () => {
          resumeTimers.delete(key);
          delete metrics.waiting[key];
          resume();
        },
        Math.max(0, dueAt - Date.now()),
      ),
    );
  };

  const eachBatch = async (payload: EachBatchPayload) => {
    try {
      await processBatch(payload);
    } catch (err) {
      // Kafka failed mid-batch (e.g. the broker is down): kafkajs restarts the consumer from the last commit.
      // Forget unflushed successes; on redelivery the stages' own dedupe answers them without a second side effect.
      pending = [];
      pendingCeIds.clear();
      throw err;
    }
  };

  const processBatch = async ({
    batch,
    resolveOffset,
    heartbeat,
    pause,
    commitOffsetsIfNecessary,
    uncommittedOffsets,
    isRunning,
    isStale,
  }: EachBatchPayload) => {
    const { topic, partition } = batch;
    const key = partitionKey(topic, partition);
    // A batch fetched before the partition was paused: drop it, fetching resumes from the sought offset.
    if (resumeTimers.has(key)) return;
    const isRetryTier = retryIndex.has(topic);
    let lastDone: string | undefined;
    let lastHighWatermarkLag = '';
    const flushAndCommit = async () => {
      await flushPending();
      if (lastDone === undefined) return;
      resolveOffset(lastDone);
      metrics.lag[key] = lastHighWatermarkLag;
      await commitOffsetsIfNecessary(uncommittedOffsets());
      lastDone = undefined;
    };
    // A registry outage throws here: kafkajs fetches the batch again instead of it going to the DLQ.
    await values.prepare((batch.messages as KafkaMessage[]).map((m) => m.value));
    for (const message of batch.messages as KafkaMessage[]) {
      if (!isRunning() || isStale()) break;
      if (isRetryTier) {
        const due = headerText(message.headers ?? {}, eventdeskHeaders.dueAt);
        const dueAt = due && /^\d+$/.test(due) ? Number(due) : 0;
        if (dueAt > Date.now()) {
          await flushAndCommit();
          waitUntilDue(topic, partition, message.offset, dueAt, pause);
          break;
        }
      }
      await processRecord({
        topic,
        partition,
        offset: message.offset,
        timestamp: message.timestamp,
        key: message.key,
        value: message.value,
        headers: (message.headers ?? {}) as ConsumedRecord['headers'],
      });
      lastDone = message.offset;
      lastHighWatermarkLag = (BigInt(batch.highWatermark) - BigInt(message.offset) - 1n).toString();
      // Bounded flushes keep redelivery after a crash small and let heartbeats through.
      if (pending.length >= MAX_PENDING) await flushAndCommit();
      await heartbeat();
    }
    await flushAndCommit();
  };

  const healthServer: HealthServer | undefined =
    options.healthPort === undefined ? undefined : await startHealthServer(options.healthPort, () => metrics);

  await producer.connect();
  await consumer.connect();
  consumer.on(consumer.events.GROUP_JOIN, (event) =>
    log(
      `${stage}: joined group ${groupId} in ${event.payload.duration} ms (leader: ${event.payload.isLeader})`,
    ),
  );
  consumer.on(consumer.events.CRASH, (event) =>
    log(`${stage}: consumer crashed (${String(event.payload.error)}), restart ${event.payload.restart}`),
  );
  consumer.on(consumer.events.CRASH, (event) => {
    metrics.lastError = {
      at: new Date().toISOString(),
      errorClass: 'runtime',
      name: 'ConsumerCrash',
      message: String(event.payload.error),
    };
    if (!event.payload.restart) {
      metrics.state = 'crashed';
      options.onFatalError?.(event.payload.error);
    }
  });
  const fromBeginning = options.fromBeginning ?? true;
  await consumer.subscribe({ topics: [sourceTopic, names.redelivery], fromBeginning });
  // Retry tiers always from the beginning: a record may be forwarded before the group's first commit there.
  await consumer.subscribe({ topics: names.retry, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1,
    eachBatch,
  });
  metrics.state = 'running';
  log(
    `${stage}: consuming ${sourceTopic}, ${names.retry.join(', ')}, ${names.redelivery} as group ${groupId}`,
  );

  let stopping: Promise<void> | undefined;
  return {
    stage,
    groupId,
    topics: { source: sourceTopic, ...names },
    healthUrl: healthServer?.url,
    metrics: () => ({ ...metrics, processedStoreRows: metrics.processedStoreRows }),
    stop() {
      stopping ??= (async () => {
        metrics.state = 'stopping';
        for (const timer of resumeTimers.values()) clearTimeout(timer);
        resumeTimers.clear();
        await consumer.disconnect();
        await producer.disconnect();
        store.close();
        await healthServer?.close();
        metrics.state = 'stopped';
      })();
      return stopping;
    },
  };
}
