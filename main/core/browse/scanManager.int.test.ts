import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { partitionForKey } from '../../../shared/partitioner';
import { browseInput } from '../../../shared/browse';
import { getRecord, ScanManager } from './scanManager';
import { AppFailure } from '../appFailure';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

describe('browse scans against a real broker', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const scans = new ScanManager(records);
  const topic = uniqueName('browse');
  const base = Date.now() - 60_000;

  beforeAll(async () => {
    await records.ensureTopic(topic, { partitions: 3 });
    await records.produce(
      Array.from({ length: 300 }, (_, i) => {
        const key = `pay-${i}`;
        return {
          topic,
          partition: partitionForKey(key, 3),
          key,
          value: JSON.stringify({ paymentId: key, customerId: `c-${i % 50}`, amountMinor: 100 + i }),
          timestamp: base + i * 100,
          headers: [{ key: 'ce_type', value: new TextEncoder().encode(i % 2 ? 'odd.v1' : 'even.v1') }],
        };
      }),
    );
    await records.produce([
      {
        topic,
        partition: 0,
        key: 'binary',
        value: new Uint8Array([0x7b, 0xff, 0xfe, 0x00]),
        timestamp: base + 40_000,
        headers: [{ key: 'kafka_dlt-original-partition', value: new Uint8Array([0, 0, 0, 7]) }],
      },
      {
        topic,
        partition: 0,
        key: 'large',
        value: JSON.stringify({ blob: 'z'.repeat(100_000) }),
        timestamp: base + 40_001,
      },
    ]);
  });
  afterAll(() => records.close());

  const request = (input: unknown) => browseInput.parse({ topic, ...(input as object) });

  it('filters by JSON path across all partitions and reports progress to the end', async () => {
    const { scanId } = await scans.start(
      request({ seek: { mode: 'oldest' }, filter: { jsonPath: '$.customerId = "c-42"' } }),
    );
    const done = await scans.wait(scanId);
    expect(done.state).toBe('done');
    expect(done.scanned).toBe(302);
    expect(done.matched).toBe(6);
    expect(done.results.map((r) => JSON.parse(r.record.value.text!).customerId)).toEqual(
      Array(6).fill('c-42'),
    );
    expect(done.positions.every((p) => p.next === p.end)).toBe(true);
    expect(done.total).toBe('302');
  });

  it('stops at its bound on records or bytes scanned, says which, and reports the bounds', async () => {
    const unbounded = await scans.wait((await scans.start(request({ seek: { mode: 'oldest' } }))).scanId);
    expect(unbounded).toMatchObject({
      scanned: 302,
      limits: { maxScan: 5_000_000, maxBytes: 2 * 1024 ** 3 },
    });
    expect(unbounded.stoppedBy).toBeUndefined();
    const byCount = await scans.wait(
      (await scans.start(request({ seek: { mode: 'oldest' }, maxScan: 40 }))).scanId,
    );
    expect(byCount).toMatchObject({ state: 'done', scanned: 40, stoppedBy: 'maxScan' });
    // About 60 bytes a record: a 3,000-byte bound stops the scan after some 50 records, well before 302.
    const byBytes = await scans.wait(
      (await scans.start(request({ seek: { mode: 'oldest' }, maxBytes: 3000 }))).scanId,
    );
    expect(byBytes).toMatchObject({ state: 'done', stoppedBy: 'maxBytes', limits: { maxBytes: 3000 } });
    expect(byBytes.scannedBytes).toBeGreaterThanOrEqual(3000);
    expect(byBytes.scanned).toBeLessThan(100);
    expect(unbounded.scannedBytes).toBeGreaterThan(byBytes.scannedBytes * 4);
  });

  it('filters by key, value and header substrings; caps kept results but keeps counting', async () => {
    const byKey = await scans.wait(
      (await scans.start(request({ seek: { mode: 'oldest' }, filter: { key: 'pay-29' } }))).scanId,
    );
    expect(byKey.matched).toBe(11); // pay-29 and pay-290..299
    const byHeader = await scans.wait(
      (await scans.start(request({ seek: { mode: 'oldest' }, filter: { header: 'odd.v1' }, maxResults: 10 })))
        .scanId,
    );
    expect(byHeader.matched).toBe(150);
    expect(byHeader.kept).toBe(10);
    const byValue = await scans.wait(
      (await scans.start(request({ seek: { mode: 'oldest' }, filter: { value: '"amountMinor":399' } })))
        .scanId,
    );
    expect(byValue.results.map((r) => r.record.key.text)).toEqual(['pay-299']);
  });

  it('seeks newest per partition, by offset and by timestamp', async () => {
    const newest = await scans.wait(
      (await scans.start(request({ partition: 1, seek: { mode: 'newest', count: 5 } }))).scanId,
    );
    expect(newest.scanned).toBe(5);
    const fromOffset = await scans.wait(
      (await scans.start(request({ partition: 2, seek: { mode: 'offset', offset: '10' } }))).scanId,
    );
    expect(fromOffset.results[0]!.record.offset).toBe('10');
    const byTime = await scans.wait(
      (await scans.start(request({ seek: { mode: 'timestamp', timestamp: base + 29_000 } }))).scanId,
    );
    expect(byTime.scanned).toBe(12); // records 290..299 plus the two at base+40s
  });

  it('shows binary as hex with the reason, Spring ints decoded, large values truncated with a load-all', async () => {
    const done = await scans.wait(
      (await scans.start(request({ partition: 0, seek: { mode: 'newest', count: 2 } }))).scanId,
    );
    const [binary, large] = done.results.map((r) => r.record);
    expect(binary!.value).toMatchObject({
      kind: 'binary',
      hex: '7bfffe00',
      reason: 'invalid UTF-8 at byte 1',
    });
    expect(binary!.headers[0]).toMatchObject({ kind: 'int32', text: '7' });
    expect(large!.value.truncated).toBe(true);
    expect(large!.value.text!.length).toBe(64 * 1024);
    const whole = await getRecord(records, topic, 0, large!.offset);
    expect(whole!.value).toMatchObject({ kind: 'json', truncated: false, size: 100_011 });
  });

  it('rejects a bad JSON path before scanning and can cancel a running scan', async () => {
    await expect(
      scans.start(request({ seek: { mode: 'oldest' }, filter: { jsonPath: '$.customerId "c-42"' } })),
    ).rejects.toThrow(AppFailure);
    await expect(
      scans.start(request({ seek: { mode: 'oldest' }, filter: { jsonPath: '$.customerId "c-42"' } })),
    ).rejects.toMatchObject({ code: 'invalid_input', reason: 'invalid-filter' });
    const { scanId } = await scans.start(request({ seek: { mode: 'oldest' } }));
    const cancelled = await scans.cancel(scanId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.scanned).toBeLessThanOrEqual(302);
  });
});
