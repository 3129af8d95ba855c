import { afterAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from './kafkajsRecords';
import type { KafkaRecord } from './recordPort';
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
});
