import { describe, expect, it } from 'vitest';
import { decodeRecordSet, type Decompress } from './recordBatchDecoder';

function varint(n: number): number[] {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (z >= 0x80) {
    out.push((z % 128) | 0x80);
    z = Math.floor(z / 128);
  }
  out.push(z);
  return out;
}
const bytesOf = (s: string) => [...Buffer.from(s, 'utf8')];

interface TestRecord {
  offsetDelta: number;
  timestampDelta: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

function record(r: TestRecord): number[] {
  const body = [
    0,
    ...varint(r.timestampDelta),
    ...varint(r.offsetDelta),
    ...(r.key === null ? varint(-1) : [...varint(Buffer.byteLength(r.key)), ...bytesOf(r.key)]),
    ...(r.value === null ? varint(-1) : [...varint(Buffer.byteLength(r.value)), ...bytesOf(r.value)]),
    ...varint(r.headers.length),
    ...r.headers.flatMap(([k, v]) => [
      ...varint(Buffer.byteLength(k)),
      ...bytesOf(k),
      ...(v === null ? varint(-1) : [...varint(Buffer.byteLength(v)), ...bytesOf(v)]),
    ]),
  ];
  return [...varint(body.length), ...body];
}

/** A record batch (magic 2) as the broker stores it; the CRC is left zero (the decoder skips it). */
function batch(
  baseOffset: bigint,
  records: TestRecord[],
  options: { attributes?: number; producerId?: bigint; firstTimestamp?: number; maxTimestamp?: number } = {},
): Buffer {
  const recordBytes = Buffer.from(records.flatMap(record));
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(baseOffset, 0);
  header.writeInt32BE(61 - 12 + recordBytes.length, 8);
  header.writeInt8(2, 16);
  header.writeInt16BE(options.attributes ?? 0, 21);
  header.writeInt32BE(Math.max(0, ...records.map((r) => r.offsetDelta)), 23);
  header.writeBigInt64BE(BigInt(options.firstTimestamp ?? 1_700_000_000_000), 27);
  header.writeBigInt64BE(BigInt(options.maxTimestamp ?? 1_700_000_000_500), 35);
  header.writeBigInt64BE(options.producerId ?? -1n, 43);
  header.writeInt32BE(records.length, 57);
  return Buffer.concat([header, recordBytes]);
}

const noCodec: Decompress = () => Promise.reject(new Error('not compressed'));
const text = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b).toString('utf8'));
const range = { topic: 't', partition: 3, abortedTransactions: [] };

describe('lean record-set decoder', () => {
  const first = batch(100n, [
    {
      offsetDelta: 0,
      timestampDelta: 0,
      key: 'pay-1',
      value: '{"a":1}',
      headers: [
        ['ce_id', 'e-1'],
        ['other', null],
      ],
    },
    { offsetDelta: 1, timestampDelta: 7, key: null, value: null, headers: [] },
    {
      offsetDelta: 2,
      timestampDelta: -3,
      key: '',
      value: 'x'.repeat(300),
      headers: [
        ['ce_id', 'e-3'],
        ['ce_id', 'e-3b'],
      ],
    },
  ]);

  it('decodes keys, values, repeated and null headers, offsets and timestamps', async () => {
    const { records, nextOffset, supported } = await decodeRecordSet(
      first,
      { ...range, from: 0n, to: 1000n },
      noCodec,
    );
    expect(supported).toBe(true);
    expect(nextOffset).toBe(103n);
    expect(
      records.map((r) => [r.topic, r.partition, r.offset, r.timestamp, text(r.key), text(r.value)]),
    ).toEqual([
      ['t', 3, '100', 1_700_000_000_000, 'pay-1', '{"a":1}'],
      ['t', 3, '101', 1_700_000_000_007, null, null],
      ['t', 3, '102', 1_699_999_999_997, '', 'x'.repeat(300)],
    ]);
    expect(records[0]!.headers.map((h) => [h.key, text(h.value)])).toEqual([
      ['ce_id', 'e-1'],
      ['other', null],
    ]);
    expect(records[2]!.headers.map((h) => text(h.value))).toEqual(['e-3', 'e-3b']);
  });

  it('keeps only the asked-for range, headers and values', async () => {
    const { records } = await decodeRecordSet(
      first,
      { ...range, from: 101n, to: 103n, projection: { values: false, headers: ['ce_id'] } },
      noCodec,
    );
    expect(records.map((r) => [r.offset, text(r.key), r.value, r.headers.map((h) => text(h.value))])).toEqual(
      [
        ['101', null, null, []],
        ['102', '', null, ['e-3', 'e-3b']],
      ],
    );
  });

  it('ignores a partial batch at the end and reports where the complete ones stop', async () => {
    const second = batch(103n, [{ offsetDelta: 0, timestampDelta: 0, key: 'k', value: 'v', headers: [] }]);
    const set = Buffer.concat([first, second.subarray(0, second.length - 3)]);
    const { records, nextOffset } = await decodeRecordSet(set, { ...range, from: 0n, to: 1000n }, noCodec);
    expect(records).toHaveLength(3);
    expect(nextOffset).toBe(103n);
    expect(
      (await decodeRecordSet(second.subarray(0, 40), { ...range, from: 0n, to: 1000n }, noCodec)).nextOffset,
    ).toBeNull();
  });

  it('uses the batch time for LogAppendTime and offsets beyond 2^53 exactly', async () => {
    const base = 2n ** 60n;
    const set = batch(
      base,
      [
        { offsetDelta: 0, timestampDelta: 5, key: 'k', value: 'v', headers: [] },
        { offsetDelta: 1, timestampDelta: 9, key: 'k', value: 'v', headers: [] },
      ],
      { attributes: 0x08 },
    );
    const { records, nextOffset } = await decodeRecordSet(
      set,
      { ...range, from: base + 1n, to: base + 10n },
      noCodec,
    );
    expect(records.map((r) => [r.offset, r.timestamp])).toEqual([
      [(base + 1n).toString(), 1_700_000_000_500],
    ]);
    expect(nextOffset).toBe(base + 2n);
  });

  it('leaves out control batches and records of aborted transactions (READ_COMMITTED)', async () => {
    const transactional = 0x10;
    const control = 0x20 | transactional;
    const set = Buffer.concat([
      batch(0n, [{ offsetDelta: 0, timestampDelta: 0, key: 'aborted', value: 'v', headers: [] }], {
        attributes: transactional,
        producerId: 7n,
      }),
      batch(1n, [{ offsetDelta: 0, timestampDelta: 0, key: 'committed', value: 'v', headers: [] }], {
        attributes: transactional,
        producerId: 8n,
      }),
      batch(
        2n,
        [
          {
            offsetDelta: 0,
            timestampDelta: 0,
            key: '\u0000\u0000\u0000\u0000',
            value: 'marker',
            headers: [],
          },
        ],
        { attributes: control, producerId: 7n },
      ),
      batch(3n, [{ offsetDelta: 0, timestampDelta: 0, key: 'later', value: 'v', headers: [] }], {
        attributes: transactional,
        producerId: 7n,
      }),
    ]);
    const { records, nextOffset } = await decodeRecordSet(
      set,
      { ...range, from: 0n, to: 10n, abortedTransactions: [{ producerId: '7', firstOffset: '0' }] },
      noCodec,
    );
    expect(records.map((r) => text(r.key))).toEqual(['committed', 'later']);
    expect(nextOffset).toBe(4n);
  });

  it('hands compressed batch bodies to the codec', async () => {
    const plain = batch(0n, [{ offsetDelta: 0, timestampDelta: 0, key: 'k', value: 'v', headers: [] }]);
    const body = plain.subarray(61);
    const compressed = Buffer.concat([plain.subarray(0, 61), Buffer.from('ZZ')]);
    compressed.writeInt16BE(3, 21);
    compressed.writeInt32BE(61 - 12 + 2, 8);
    const seen: number[] = [];
    const { records } = await decodeRecordSet(
      compressed,
      { ...range, from: 0n, to: 10n },
      (codec) => (seen.push(codec), Promise.resolve(body)),
    );
    expect(seen).toEqual([3]);
    expect(records.map((r) => text(r.key))).toEqual(['k']);
  });

  it('reports an older message format as unsupported', async () => {
    const old = Buffer.alloc(80);
    old.writeInt8(1, 16);
    expect((await decodeRecordSet(old, { ...range, from: 0n, to: 10n }, noCodec)).supported).toBe(false);
  });
});

describe('passing over batches that hold nothing wanted', () => {
  const plain = (offsetDelta: number, key: string, value: string): TestRecord => ({
    offsetDelta,
    timestampDelta: 0,
    key,
    value,
    headers: [['h', 'not counted']],
  });
  // Offsets 10-12, 13-14 (a compaction gap at 15), 16-17: the middle batch holds the needle.
  const set = Buffer.concat([
    batch(10n, [plain(0, 'k10', 'aaaa'), plain(1, 'k11', 'bb'), plain(2, 'k12', '')]),
    batch(13n, [plain(0, 'k13', 'has needle'), plain(1, 'k14', 'c')]),
    batch(16n, [plain(0, 'k16', 'dd'), plain(2, 'k18', 'eee')]),
    batch(19n, [plain(0, 'k19', 'f')]),
  ]);
  const needle = Buffer.from('needle');
  const mayMatch = (bytes: Buffer) => bytes.indexOf(needle) >= 0;

  it('hands over offsets and key+value sizes only, in order with the decoded records; adjacent batches as one run', async () => {
    const decoded = await decodeRecordSet(set, { ...range, from: 11n, to: 1000n, mayMatch }, noCodec);
    expect(decoded.records.map((r) => [r.offset, text(r.value)])).toEqual([
      ['13', 'has needle'],
      ['14', 'c'],
    ]);
    expect(decoded.nextOffset).toBe(20n);
    expect(decoded.passed).toEqual([
      // Offset 10 is before the range.
      { topic: 't', partition: 3, baseOffset: '10', offsetDeltas: [1, 2], sizes: [5, 3], before: 0 },
      { topic: 't', partition: 3, baseOffset: '16', offsetDeltas: [0, 2, 3], sizes: [5, 6, 4], before: 2 },
    ]);
  });

  it('counts no value bytes when values are not asked for, and passes nothing without a test', async () => {
    const decoded = await decodeRecordSet(
      set,
      { ...range, from: 0n, to: 13n, mayMatch, projection: { values: false } },
      noCodec,
    );
    expect(decoded.passed).toEqual([expect.objectContaining({ offsetDeltas: [0, 1, 2], sizes: [3, 3, 3] })]);
    const all = await decodeRecordSet(set, { ...range, from: 0n, to: 1000n }, noCodec);
    expect([all.records.length, all.passed]).toEqual([8, []]);
  });
});
