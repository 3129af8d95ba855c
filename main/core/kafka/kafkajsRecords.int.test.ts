import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from './kafkajsRecords';
import type { KafkaRecord } from './recordPort';
import { commitGroupOffsets } from '../test/kafkaFixtures';
import { runKcat } from '../test/kcat';
import { partitionForKey } from '../../../shared/partitioner';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe('kafkajs record port', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  afterAll(() => records.close());

  async function readAll(topic: string): Promise<KafkaRecord[]> {
    const marks = await records.watermarks(topic);
    const out: KafkaRecord[] = [];
    await records.read(
      [{ topic, ranges: marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high })) }],
      {
        onBatch: (batch) => void out.push(...batch),
      },
    );
    return out;
  }

  it('computes the same partition as a Java-compatible producer (kcat murmur2_random)', async () => {
    const topic = uniqueName('partitioner');
    await records.ensureTopic(topic, { partitions: 7 });
    const keys = Array.from({ length: 60 }, (_, i) => `pay-${i}-${(i * 7919).toString(36)}`);
    await runKcat(
      ['-P', '-b', testBootstrap(), '-t', topic, '-K', ':', '-X', 'partitioner=murmur2_random'],
      keys.map((k) => `${k}:v`).join('\n') + '\n',
    );
    const read = await readAll(topic);
    expect(read).toHaveLength(keys.length);
    for (const r of read) expect(r.partition, `key ${text(r.key)}`).toBe(partitionForKey(r.key!, 7));
    expect(new Set(read.map((r) => r.partition)).size).toBeGreaterThan(3);
  });

  it('produces with exact offsets and reads a bounded range with headers as bytes', async () => {
    const topic = uniqueName('roundtrip');
    await records.ensureTopic(topic, { partitions: 2 });
    const produced = await records.produce(
      Array.from({ length: 10 }, (_, i) => ({
        topic,
        partition: i % 2,
        key: `k${i}`,
        value: new Uint8Array([0xff, i]),
        headers: [{ key: 'n', value: new Uint8Array([0, 0, 0, i]) }],
      })),
    );
    expect(produced.filter((p) => p.partition === 1).map((p) => p.offset)).toEqual(['0', '1', '2', '3', '4']);
    const got: KafkaRecord[] = [];
    await records.read([{ topic, ranges: [{ partition: 1, from: '1', to: '3' }] }], {
      onBatch: (b) => void got.push(...b),
    });
    expect(got.map((r) => [r.offset, text(r.key)])).toEqual([
      ['1', 'k3'],
      ['2', 'k5'],
    ]);
    expect([...got[0]!.value!]).toEqual([0xff, 3]);
    expect([...got[0]!.headers[0]!.value!]).toEqual([0, 0, 0, 3]);
  });

  it('reads topics compressed by kcat with gzip, snappy, lz4 and zstd', async () => {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const topic = uniqueName(`codec-${codec}`);
      await records.ensureTopic(topic, { partitions: 1 });
      const lines = Array.from({ length: 50 }, (_, i) => `${codec}-value-${i}-${'x'.repeat(40)}`);
      await runKcat(['-P', '-b', testBootstrap(), '-t', topic, '-z', codec], lines.join('\n') + '\n');
      const read = await readAll(topic);
      expect(
        read.map((r) => text(r.value)),
        codec,
      ).toEqual(lines);
    }
  });

  it('reads the same ranges through the consumer-group fallback reader', async () => {
    const viaGroup = createKafkajsRecords({ brokers: [testBootstrap()], reader: 'group' });
    try {
      const topic = uniqueName('group-reader');
      await records.ensureTopic(topic, { partitions: 3 });
      await runKcat(
        ['-P', '-b', testBootstrap(), '-t', topic, '-z', 'snappy', '-K', ':'],
        Array.from({ length: 30 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n',
      );
      const marks = await viaGroup.watermarks(topic);
      const direct: string[] = [];
      const grouped: string[] = [];
      const ranges = marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high }));
      await records.read([{ topic, ranges }], {
        onBatch: (b) => void direct.push(...b.map((r) => `${r.partition}/${r.offset}/${text(r.value)}`)),
      });
      await viaGroup.read([{ topic, ranges }], {
        onBatch: (b) => void grouped.push(...b.map((r) => `${r.partition}/${r.offset}/${text(r.value)}`)),
      });
      expect(grouped.sort()).toEqual(direct.sort());
      expect(direct).toHaveLength(30);
    } finally {
      await viaGroup.close();
    }
  });

  it('the lean decoder returns what kafkajs decodes, for batches kcat wrote with every codec', async () => {
    const viaKafkajs = createKafkajsRecords({ brokers: [testBootstrap()], reader: 'group' });
    const show = (r: KafkaRecord) =>
      JSON.stringify([
        r.partition,
        r.offset,
        r.timestamp,
        text(r.key),
        text(r.value),
        r.headers.map((h) => [h.key, text(h.value)]),
      ]);
    try {
      for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
        const topic = uniqueName(`lean-${codec}`);
        await records.ensureTopic(topic, { partitions: 2 });
        const lines = Array.from(
          { length: 300 },
          (_, i) => `pay-${i}\t{"i":${i},"pad":"${'y'.repeat(i % 50)}"}`,
        );
        await runKcat(
          [
            '-P',
            '-b',
            testBootstrap(),
            '-t',
            topic,
            '-z',
            codec,
            '-K',
            '\t',
            '-H',
            `ce_id=ce-${codec}`,
            '-H',
            'trace=a',
            '-H',
            'trace=b',
          ],
          lines.join('\n') + '\n',
        );
        const marks = await records.watermarks(topic);
        const ranges = marks.map((m) => ({
          partition: m.partition,
          from: (BigInt(m.low) + 3n).toString(),
          to: m.high,
        }));
        const lean: KafkaRecord[] = [];
        const full: KafkaRecord[] = [];
        const projected: KafkaRecord[] = [];
        await records.read([{ topic, ranges }], { onBatch: (b) => void lean.push(...b) });
        await viaKafkajs.read([{ topic, ranges }], { onBatch: (b) => void full.push(...b) });
        await records.read([{ topic, ranges }], {
          projection: () => ({ values: false, headers: ['ce_id'] }),
          onBatch: (b) => void projected.push(...b),
        });
        expect(lean.length, codec).toBe(300 - 6);
        // kafkajs folds repeated header keys together, so compare headers as sorted multisets.
        const normal = (r: KafkaRecord) => ({
          ...r,
          headers: [...r.headers].sort((a, b) => a.key.localeCompare(b.key)),
        });
        expect(lean.map((r) => show(normal(r))).sort(), codec).toEqual(
          full.map((r) => show(normal(r))).sort(),
        );
        expect(
          projected.map((r) => [r.offset, text(r.key), r.value, r.headers.map((h) => text(h.value))]),
          codec,
        ).toEqual(lean.map((r) => [r.offset, text(r.key), null, [`ce-${codec}`]]));
      }
    } finally {
      await viaKafkajs.close();
    }
  });

  it('never skips a partition the broker left out of a full fetch response', async () => {
    const small = createKafkajsRecords({
      brokers: [testBootstrap()],
      fetchMaxBytes: 2048,
      partitionMaxBytes: 1024,
    });
    try {
      const topic = uniqueName('full-response');
      await records.ensureTopic(topic, { partitions: 4 });
      await records.produce(
        Array.from({ length: 400 }, (_, i) => ({
          topic,
          partition: i % 4,
          key: `k${i}`,
          value: 'x'.repeat(100),
        })),
      );
      const marks = await small.watermarks(topic);
      let n = 0;
      await small.read(
        [{ topic, ranges: marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high })) }],
        { onBatch: (b) => void (n += b.length) },
      );
      expect(n).toBe(400);
    } finally {
      await small.close();
    }
  });

  it('answers offset lookups asked together exactly as it answers each alone', async () => {
    // The reference: the consumer-group reader's port, whose lookups are never batched.
    const alone = createKafkajsRecords({ brokers: [testBootstrap()], reader: 'group' });
    const admin = new Kafka({ brokers: [testBootstrap()], logLevel: logLevel.NOTHING }).admin();
    try {
      const [a, b] = [uniqueName('lookups-a'), uniqueName('lookups-b')];
      await records.ensureTopic(a, { partitions: 3 });
      await records.ensureTopic(b, { partitions: 2 });
      const t0 = Date.now() - 60_000;
      await records.produce(
        Array.from({ length: 30 }, (_, i) => ({
          topic: i % 2 ? a : b,
          partition: i % 2 ? i % 3 : i % 2,
          key: `k${i}`,
          value: 'v',
          timestamp: t0 + i * 1000,
        })),
      );
      await admin.connect();
      await admin.fetchTopicMetadata({ topics: [a] });
      // A log start above zero, so "earliest" is told apart from 0.
      await admin.deleteTopicRecords({ topic: a, partitions: [{ partition: 1, offset: '2' }] });
      const group = uniqueName('lookups-group');
      await commitGroupOffsets(testBootstrap(), group, a, [{ partition: 0, offset: '3' }]);
      const missing = uniqueName('lookups-missing');
      const asks: [string, (port: typeof records) => Promise<unknown>][] = [
        ['watermarks a', (port) => port.watermarks(a)],
        ['watermarks b', (port) => port.watermarks(b)],
        ['watermarks of a missing topic', (port) => port.watermarks(missing)],
        ['a at the epoch', (port) => port.offsetsForTime(a, 0)],
        ['a before the epoch', (port) => port.offsetsForTime(a, -5)],
        ['a mid-way', (port) => port.offsetsForTime(a, t0 + 12_500)],
        ['a later', (port) => port.offsetsForTime(a, t0 + 21_000)],
        ['a after its last record', (port) => port.offsetsForTime(a, Date.now() + 60_000)],
        ['b mid-way', (port) => port.offsetsForTime(b, t0 + 12_500)],
        ['commits on a', (port) => port.committedOffsets(group, a)],
        ['commits on b (none)', (port) => port.committedOffsets(group, b)],
      ];
      const together = await Promise.all(asks.map(([, ask]) => ask(records)));
      for (const [i, [what, ask]] of asks.entries()) expect(together[i], what).toEqual(await ask(alone));
      expect(together[0]).toContainEqual({ partition: 1, low: '2', high: '5' });
      expect(together[2]).toEqual([]);
      expect(together[5]).not.toEqual(together[6]);
      expect(together[9]).toContainEqual({ topic: a, partition: 0, offset: '3' });
      expect(together[10]).toEqual([
        { topic: b, partition: 0, offset: null },
        { topic: b, partition: 1, offset: null },
      ]);
    } finally {
      await admin.disconnect();
      await alone.close();
    }
  });
});
