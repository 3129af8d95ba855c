// Records written by kcat (librdkafka, not the console's kafkajs) read back through the console's browse path:
// valid UTF-8 that is not printable is hex with where, a tombstone and a missing key stay null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { runKcat } from '../test/kcat';
import { browseInput } from '../../../shared/browse';
import { getRecord, ScanManager } from './scanManager';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

describe('bytes from a foreign producer, as the console shows them', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const topic = uniqueName('record-bytes');
  // One kcat run per record so each gets its own headers; all on partition 0, so offsets are 0, 1, 2, 3.
  const produce = (input: string, ...args: string[]) =>
    runKcat(['-P', '-b', testBootstrap(), '-t', topic, '-p', '0', ...args], input);

  beforeAll(async () => {
    await records.ensureTopic(topic, { partitions: 1 });
    await produce(
      'ctl:\x01\x02\x03\x04\x05\x06\x07abc\n',
      '-K',
      ':',
      '-H',
      'trace=\x01\x02x',
      '-H',
      'ok=a\tb',
    );
    await produce('gone:\n', '-K', ':', '-Z'); // -Z: an empty value is sent as NULL, a tombstone
    await produce('hello\n'); // no -K: the key is NULL
    // Confluent wire format: magic byte 0, schema id 1, then the Avro body (string "pay", long 21).
    await produce('\x00\x00\x00\x00\x01\x06pay\x2a\n');
  });
  afterAll(() => records.close());

  it('shows control bytes then text as hex with the range, and a header with control bytes the same way', async () => {
    const record = await getRecord(records, topic, 0, '0');
    expect(record!.key).toMatchObject({ kind: 'text', text: 'ctl' });
    expect(record!.value).toEqual({
      kind: 'binary',
      hex: '01020304050607616263',
      reason: 'control bytes at 0–6',
      size: 10,
      truncated: false,
    });
    expect(record!.headers).toEqual([
      {
        key: 'trace',
        kind: 'binary',
        text: '010278',
        hex: '010278',
        reason: 'control bytes at 0–1',
        size: 3,
      },
      { key: 'ok', kind: 'text', text: 'a\tb', hex: '610962', size: 3 },
    ]);
  });

  it('keeps a tombstone and a missing key null, and names a Confluent-framed value by its schema id', async () => {
    const tombstone = await getRecord(records, topic, 0, '1');
    expect(tombstone!.key).toMatchObject({ kind: 'text', text: 'gone' });
    expect(tombstone!.value).toEqual({ kind: 'null', size: 0, truncated: false });
    const keyless = await getRecord(records, topic, 0, '2');
    expect(keyless!.key).toEqual({ kind: 'null', size: 0, truncated: false });
    expect(keyless!.value).toMatchObject({ kind: 'text', text: 'hello' });
    const framed = await getRecord(records, topic, 0, '3');
    expect(framed!.value).toMatchObject({
      kind: 'binary',
      hex: '0000000001067061792a',
      reason: 'Confluent wire format with schema id 1, but no schema registry is configured',
      schema: { id: 1 },
    });
  });

  it('gives the scan list the same views', async () => {
    const scans = new ScanManager(records);
    const { scanId } = await scans.start(browseInput.parse({ topic, seek: { mode: 'oldest' } }));
    const done = await scans.wait(scanId);
    expect(done.results.map((r) => [r.record.offset, r.record.key.kind, r.record.value.kind])).toEqual([
      ['0', 'text', 'binary'],
      ['1', 'text', 'null'],
      ['2', 'null', 'text'],
      ['3', 'null', 'binary'],
    ]);
    expect(done.results[0]!.record.value.reason).toBe('control bytes at 0–6');
  });
});
