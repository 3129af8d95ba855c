// The scan loop's own logic over a stand-in record port (batches handed over in order): the bounds stop it
// record by record and say which, every batch is reported with the counters so far, and a caller's abort
// ends it as cancelled. The loop against a real broker, in the worker and in-line: schemaDecoding.int.test.ts.
import { describe, expect, it } from 'vitest';
import type { KafkaRecord, ReadOptions, RecordPort } from '../kafka/recordPort';
import type { RecordDecoder } from '../schemas/recordDecoder';
import { runScan, type ScanReport, type ScanSpec } from './scanLoop';

const decoder: RecordDecoder = { decodeBatch: async (records) => records.map(() => ({})) };
const bytes = (text: string) => new TextEncoder().encode(text);

function record(offset: number): KafkaRecord {
  return {
    topic: 't',
    partition: 0,
    offset: String(offset),
    timestamp: offset,
    key: bytes(`k${offset}`),
    value: bytes(offset % 2 === 0 ? 'even' : 'odd'),
    headers: [],
  };
}

/** Hands over `batches` batches of 10 records each, stopping when the signal aborts. */
function fakePort(batches: number, onEachBatch?: (n: number) => void): RecordPort {
  return {
    async read(_requests: unknown, options: ReadOptions) {
      let handed = 0;
      for (let b = 0; b < batches; b++) {
        if (options.signal?.aborted) return { records: handed, cancelled: true };
        const batch = Array.from({ length: 10 }, (_, i) => record(b * 10 + i));
        await options.onBatch(batch);
        options.onPosition?.('t', 0, String((b + 1) * 10));
        handed += batch.length;
        onEachBatch?.(b);
      }
      return { records: handed, cancelled: Boolean(options.signal?.aborted) };
    },
  } as unknown as RecordPort;
}

const spec = (over: Partial<ScanSpec> = {}): ScanSpec => ({
  topic: 't',
  ranges: [{ partition: 0, from: '0', to: '1000' }],
  filter: { value: 'even' },
  includeAborted: false,
  limits: { maxScan: 1_000_000, maxBytes: 1_000_000 },
  maxResults: 3,
  ...over,
});

describe('browse scan loop', () => {
  it('counts every match, keeps the first few, and reports after each batch', async () => {
    const reports: ScanReport[] = [];
    const outcome = await runScan(
      fakePort(4),
      decoder,
      spec(),
      (r) => reports.push(r),
      new AbortController().signal,
    );
    expect(outcome).toEqual({ cancelled: false });
    const last = reports.at(-1)!.tally;
    expect(last).toMatchObject({ scanned: 40, matched: 20, kept: 3, positions: [[0, '40']] });
    expect(reports.flatMap((r) => r.views.map((v) => v.offset))).toEqual(['0', '2', '4']);
    // One report per batch, then the final counters.
    expect(reports.map((r) => r.tally.scanned)).toEqual([10, 20, 30, 40, 40]);
  });

  it('stops at the record bound exactly and says so, without cancelling the caller', async () => {
    const reports: ScanReport[] = [];
    const caller = new AbortController();
    const outcome = await runScan(
      fakePort(10),
      decoder,
      spec({ limits: { maxScan: 25, maxBytes: 1_000_000 } }),
      (r) => reports.push(r),
      caller.signal,
    );
    expect(outcome).toEqual({ cancelled: true, stoppedBy: 'maxScan' });
    // The position is the first record not counted, not the end of the fetched batch.
    expect(reports.at(-1)!.tally).toMatchObject({
      scanned: 25,
      matched: 13,
      stoppedBy: 'maxScan',
      positions: [[0, '25']],
    });
    expect(caller.signal.aborted).toBe(false);
  });

  it('stops at the byte bound (key + value bytes)', async () => {
    // Each record is 2-3 key bytes + 3-4 value bytes; 40 bytes is reached within the first batch.
    const reports: ScanReport[] = [];
    const outcome = await runScan(
      fakePort(10),
      decoder,
      spec({ limits: { maxScan: 1_000_000, maxBytes: 40 } }),
      (r) => reports.push(r),
      new AbortController().signal,
    );
    expect(outcome.stoppedBy).toBe('maxBytes');
    const { scannedBytes, scanned } = reports.at(-1)!.tally;
    expect(scannedBytes).toBeGreaterThanOrEqual(40);
    expect(scanned).toBeLessThan(10);
  });

  it('ends as cancelled when the caller aborts mid-scan, with what it had counted', async () => {
    const caller = new AbortController();
    const reports: ScanReport[] = [];
    const outcome = await runScan(
      fakePort(100, (b) => {
        if (b === 2) caller.abort();
      }),
      decoder,
      spec(),
      (r) => reports.push(r),
      caller.signal,
    );
    expect(outcome).toEqual({ cancelled: true });
    expect(reports.at(-1)!.tally.scanned).toBe(30);
  });
});
