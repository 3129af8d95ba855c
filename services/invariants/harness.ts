// Test harness for the invariant tests: topics, reading a topic back, stage processes, waiting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { afterAll } from 'vitest';
import { isDeadLetterHeader } from '../../shared/deadLetterHeaderNames';
import { ensureTopicsServed } from '../runtime/topicReadiness';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startPipelineSandbox, type PipelineSandbox, type PipelineSandboxOptions } from '../sandbox/pipeline';
import type { StageMetrics } from '../runtime/runStage';
import { setTimeout as sleep } from 'node:timers/promises';

export function testKafka(bootstrap: string): Kafka {
  return new Kafka({
    clientId: uniqueName('invariants'),
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
  });
}

export async function createSourceTopic(kafka: Kafka, topic: string, partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopicsServed(admin, [{ topic, numPartitions: partitions }]);
  } finally {
    await admin.disconnect();
  }
}

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: IHeaders;
}

/** Reads a topic from the beginning until `count` records arrived (or the timeout), with a throwaway group. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => {};
    const enough = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push(readRecord(topic, partition, message));
        if (records.length >= count) done();
      },
    });
    if (count > 0) await Promise.race([enough, sleep(timeoutMs)]);
    else await sleep(1500);
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** A consumed message as the invariant checks read it: key as text, value and headers as they came. */
function readRecord(topic: string, partition: number, message: KafkaMessage): ReadRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers: message.headers ?? {},
  };
}

export async function waitFor(
  label: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(everyMs);
  }
}

export { sleep };
export { spawnStageProcess, type StageProcess } from '../sandbox/stageProcess';

export interface TopicCollector {
  records: ReadRecord[];
  stop(): Promise<void>;
}

/** Keeps reading a topic from the beginning into `records` until stopped. */
export async function collectTopic(kafka: Kafka, topic: string): Promise<TopicCollector> {
  const consumer = kafka.consumer({ groupId: uniqueName('collector'), maxWaitTimeInMs: 100 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      records.push(readRecord(topic, partition, message));
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

/** What the console's redelivery does: same key, value and ce_id; dead-letter headers stripped; provenance added. */
export function redeliveryMessage(record: ReadRecord, redeliveryId: string) {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value === undefined || isDeadLetterHeader(name)) continue;
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = last;
  }
  headers['redelivery_id'] = redeliveryId;
  headers['redelivery_source'] = `${record.topic}/${record.partition}@${record.offset}`;
  return { key: record.key, value: record.value, headers };
}

export async function stageHealth(url: string | null | undefined): Promise<StageMetrics> {
  if (!url) throw new Error('stage has no health URL');
  const response = await fetch(`${url}/health`);
  return (await response.json()) as StageMetrics;
}

export interface InvariantSandbox {
  /** Starts the sandbox on unique topics and groups with short retry tiers; options override those defaults. */
  start(options?: Partial<PipelineSandboxOptions>): Promise<PipelineSandbox>;
  readonly current: PipelineSandbox | undefined;
}

/** One sandbox per test file, in its own data folder; stopped and removed after the file's tests. */
export function useInvariantSandbox(label: string): InvariantSandbox {
  const dataDir = mkdtempSync(join(tmpdir(), `eventdesk-${label}-`));
  let sandbox: PipelineSandbox | undefined;
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    async start(options = {}) {
      sandbox = await startPipelineSandbox({
        bootstrap: testBootstrap(),
        dataDir,
        sourceTopic: uniqueName('payments'),
        groupSuffix: uniqueName('t'),
        tierDelaysMs: [200, 1000],
        ...options,
      });
      return sandbox;
    },
    get current() {
      return sandbox;
    },
  };
}
