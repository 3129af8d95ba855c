// Lag in time against a real broker: records with known timestamps, a group committed at known offsets,
// and the timestamp at each committed offset checked against Kafka's own console consumer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/failure';
import type { GroupDetail, GroupSummary, PartitionLag } from '../../../shared/groups';
import { runKafkaTool } from '../../../tools/kafka/broker';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { RecordPort } from '../kafka/recordPort';
import { openKafkaFixtures, type KafkaFixtures } from '../test/kafkaFixtures';

/** The timestamp kafka-console-consumer prints for the record at one offset ("CreateTime:1700000000000\t..."). */
async function consoleConsumerTimestamp(topic: string, partition: number, offset: string): Promise<number> {
  const out = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server',
    testBootstrap(),
    '--topic',
    topic,
    '--partition',
    String(partition),
    '--offset',
    offset,
    '--max-messages',
    '1',
    '--timeout-ms',
    '20000',
    '--property',
    'print.timestamp=true',
  ]);
  const match = /CreateTime:(\d+)/.exec(out);
  if (!match) throw new Error(`no timestamp in kafka-console-consumer output:\n${out}`);
  return Number(match[1]);
}

function ok<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let backend: ConsoleBackend;
let fx: KafkaFixtures;
let records: RecordPort;
const call = (channel: string, input: unknown = {}) => dispatch(backend.handlers, channel, input);

beforeAll(async () => {
  fx = await openKafkaFixtures([testBootstrap()]);
  records = createKafkajsRecords({ brokers: [testBootstrap()] });
  backend = createConsoleBackend({ sampleIntervalMs: 300 });
  const status = ok<{ state: string }>(await call('cluster.connect', { bootstrap: testBootstrap() }));
  expect(status.state).toBe('connected');
});

afterAll(async () => {
  await backend?.dispose();
  await records?.close();
  await fx?.close();
});

/** Produces `count` records into a partition, record i stamped `firstAt + i * stepMs`. */
async function produceStamped(
  topic: string,
  partition: number,
  count: number,
  firstAt: number,
  stepMs: number,
) {
  await records.produce(
    Array.from({ length: count }, (_, i) => ({
      topic,
      partition,
      key: `k${i}`,
      value: `record ${i}`,
      timestamp: firstAt + i * stepMs,
    })),
  );
}

describe('consumer-group lag in time', () => {
  it('is now minus the timestamp of the record at the committed offset, the one Kafka reads there; 0 when caught up', async () => {
    const topic = uniqueName('lagtime');
    const group = uniqueName('lagtime-group');
    await fx.createTopic(topic, 3);
    const base = Date.now() - 3_600_000;
    await produceStamped(topic, 0, 10, base, 60_000); // record i is (60 - i) minutes old
    await produceStamped(topic, 1, 5, base, 1_000);
    await produceStamped(topic, 2, 4, base + 1_800_000, 1_000); // half an hour old
    await fx.commit(group, topic, { 0: '3', 1: '5', 2: '1' });

    const before = Date.now();
    const detail = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    const after = Date.now();
    const byPartition = new Map(detail.partitions.map((p) => [p.partition, p]));
    const within = (p: PartitionLag | undefined, timestamp: number) => {
      expect(p?.lagMsEstimated).toBe(false);
      expect(p?.lagMs).toBeGreaterThanOrEqual(before - timestamp);
      expect(p?.lagMs).toBeLessThanOrEqual(after - timestamp);
    };

    within(byPartition.get(0), base + 3 * 60_000);
    expect(byPartition.get(1)).toMatchObject({ lag: '0', lagMs: 0, lagMsEstimated: false });
    within(byPartition.get(2), base + 1_800_000 + 1_000);
    // The group's lag in time is its most behind partition.
    expect(detail.lagMs).toBe(byPartition.get(0)?.lagMs);
    expect(detail.lagMsEstimated).toBe(false);

    // Kafka's own consumer reads the same record at those offsets.
    for (const [partition, offset] of [
      [0, '3'],
      [2, '1'],
    ] as const) {
      const stamped = await consoleConsumerTimestamp(topic, partition, offset);
      const ours = byPartition.get(partition)!.lagMs!;
      expect(stamped).toBeGreaterThanOrEqual(before - ours);
      expect(stamped).toBeLessThanOrEqual(after - ours);
    }

    const listed = ok<GroupSummary[]>(await call('groups.list')).find((g) => g.groupId === group);
    expect(listed?.lagMs).toBeGreaterThanOrEqual(before - (base + 3 * 60_000));
    // Nothing consumed between samples: lag but no progress.
    expect(['not-draining', 'unknown']).toContain(listed?.drain);
    expect(listed?.timeToClearMs).toBeNull();
  });

  it('shows the age of the oldest record for a group that never committed', async () => {
    const topic = uniqueName('lagtime-fresh');
    const group = uniqueName('lagtime-fresh-group');
    await fx.createTopic(topic, 1);
    const first = Date.now() - 120_000;
    await produceStamped(topic, 0, 3, first, 1_000);
    await fx.joinWithoutCommitting(group, topic);

    const before = Date.now();
    const detail = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    expect(detail.totalLag).toBeNull();
    expect(detail.partitions[0]).toMatchObject({ committedOffset: null, lag: null, lagMsEstimated: false });
    expect(detail.lagMs).toBeGreaterThanOrEqual(before - first);
    expect(detail.lagMs).toBeLessThan(before - first + 60_000);
  });

  it('estimates from sampled log ends when the record at the commit was deleted, and times the drain', async () => {
    const topic = uniqueName('lagtime-gone');
    const group = uniqueName('lagtime-gone-group');
    await fx.createTopic(topic, 1);
    await fx.produce(topic, [10]);
    await fx.commit(group, topic, { 0: '2' });
    await fx.deleteRecords(topic, 0, '5');
    // Let the watcher (every 300 ms here) sample the log end while it grows.
    await sleep(1_000);
    await fx.produce(topic, [10]);
    await sleep(1_000);

    const detail = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    expect(detail.partitions[0]).toMatchObject({ committedBelowLogStart: true, lagMsEstimated: true });
    expect(detail.partitions[0]?.lagMs).toBeGreaterThan(0);
    expect(detail).toMatchObject({ lagMsEstimated: true, drain: 'not-draining' });

    // The group consumes 16 of its 18: draining, and a time to clear follows from the rate.
    await fx.commit(group, topic, { 0: '18' });
    await sleep(1_000);
    const draining = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    expect(draining.partitions[0]).toMatchObject({ lag: '2', lagMsEstimated: false });
    expect(draining.drain).toBe('draining');
    expect(draining.timeToClearMs).toBeGreaterThan(0);
  });
});
