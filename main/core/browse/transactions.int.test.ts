// A transactional topic as browse sees it: committed records only by default, aborted ones on request and
// marked, "newest N" counting records rather than offsets, progress that ends at 100 % with the markers and
// aborted records counted, and an aborted record's or a marker's offset named for what it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseInput } from '../../../shared/browse';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { produceTransactions } from '../test/transactions';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { getRecord, ScanManager } from './scanManager';

describe('browsing a transactional topic', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const scans = new ScanManager(records);
  const topic = uniqueName('transactions');
  const scan = async (input: object) =>
    scans.wait((await scans.start(browseInput.parse({ topic, ...input }))).scanId);
  const offsets = (done: Awaited<ReturnType<typeof scan>>) => done.results.map((r) => r.record.offset);

  beforeAll(async () => {
    await records.ensureTopic(topic, { partitions: 1 });
    // Offsets: a 0, b 1, commit marker 2; c 3, d 4 aborted, abort marker 5; e 6, commit marker 7.
    await produceTransactions(testBootstrap(), topic, 0, [
      { outcome: 'commit', values: ['a', 'b'] },
      { outcome: 'abort', values: ['c', 'd'] },
      { outcome: 'commit', values: ['e'] },
    ]);
  });
  afterAll(() => records.close());

  it('reads committed records only, and a finished scan covers every offset with markers and aborted counted', async () => {
    const done = await scan({ seek: { mode: 'oldest' } });
    expect(done.state).toBe('done');
    expect(offsets(done)).toEqual(['0', '1', '6']);
    expect(done.results.map((r) => r.record.value.text)).toEqual(['a', 'b', 'e']);
    expect(done.scanned).toBe(3);
    expect(done.total).toBe('8');
    expect(done.covered).toBe('8');
    expect(done.skipped).toEqual({ markers: 3, aborted: 2 });
  });

  it('shows aborted records marked aborted when asked', async () => {
    const done = await scan({ seek: { mode: 'oldest' }, includeAborted: true });
    expect(offsets(done)).toEqual(['0', '1', '3', '4', '6']);
    expect(done.results.filter((r) => r.record.aborted).map((r) => r.record.value.text)).toEqual(['c', 'd']);
    expect(done.skipped).toEqual({ markers: 3, aborted: 2 });
  });

  it('takes "newest N" as N records, not N offsets', async () => {
    expect(offsets(await scan({ seek: { mode: 'newest', count: 1 } }))).toEqual(['6']);
    expect(offsets(await scan({ seek: { mode: 'newest', count: 2 } }))).toEqual(['1', '6']);
    expect(offsets(await scan({ seek: { mode: 'newest', count: 3 } }))).toEqual(['0', '1', '6']);
    expect(offsets(await scan({ seek: { mode: 'newest', count: 50 } }))).toEqual(['0', '1', '6']);
    expect(offsets(await scan({ seek: { mode: 'newest', count: 2 }, includeAborted: true }))).toEqual([
      '4',
      '6',
    ]);
  });

  it('names an aborted record as aborted and a marker offset as a transaction marker', async () => {
    const aborted = await getRecord(records, topic, 0, '3');
    expect(aborted).toMatchObject({ offset: '3', aborted: true, value: { kind: 'text', text: 'c' } });
    const committed = await getRecord(records, topic, 0, '6');
    expect(committed!.aborted).toBeUndefined();
    await expect(getRecord(records, topic, 0, '5')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('offset 5 of') as unknown,
    });
    await expect(getRecord(records, topic, 0, '2')).rejects.toThrow(/is a transaction marker/);
  });
});
