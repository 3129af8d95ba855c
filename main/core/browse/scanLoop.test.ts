// The scan loop's own logic over a stand-in record port (batches handed over in order): the bounds stop it
// record by record and say which, every batch is reported with the counters so far, and a caller's abort
// ends it as cancelled. The loop against a real broker, in the worker and in-line: schemaDecoding.int.test.ts.
import { describe, expect, it } from 'vitest';
import type { KafkaRecord, PassedRun, ReadOptions, RecordPort } from '../kafka/recordPort';
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

  describe('with batches the reader passes over', () => {
    const rawDecoder: RecordDecoder = { ...decoder, rawBytes: true };
    /** Batch b of 10 records (offsets 10b..10b+9, 5 bytes each) passed over, but batch `hit` decoded. */
    function passingPort(batches: number, hit: number, seen: { passOver?: boolean }): RecordPort {
      return {
        async read(_requests: unknown, options: ReadOptions) {
          seen.passOver = options.passOver !== undefined;
          for (let b = 0; b < batches && !options.signal?.aborted; b++) {
            if (b === hit || !options.passOver) {
              await options.onBatch(Array.from({ length: 10 }, (_, i) => record(b * 10 + i)));
            } else {
              const run: PassedRun = {
                topic: 't',
                partition: 0,
                baseOffset: String(b * 10),
                offsetDeltas: Array.from({ length: 10 }, (_, i) => i),
                sizes: Array.from({ length: 10 }, () => 5),
              };
              await options.passOver.onPassed(run);
            }
            options.onPosition?.('t', 0, String((b + 1) * 10));
          }
          return { records: batches * 10, cancelled: Boolean(options.signal?.aborted) };
        },
      } as unknown as RecordPort;
    }

    it('counts passed records as scanned and finds the match in the batch it decodes', async () => {
      const reports: ScanReport[] = [];
      const seen: { passOver?: boolean } = {};
      await runScan(
        passingPort(5, 3, seen),
        rawDecoder,
        spec(),
        (r) => reports.push(r),
        new AbortController().signal,
      );
      expect(seen.passOver).toBe(true);
      expect(reports.at(-1)!.tally).toMatchObject({
        scanned: 50,
        matched: 5,
        kept: 3,
        positions: [[0, '50']],
      });
      expect(reports.flatMap((r) => r.views.map((v) => v.offset))).toEqual(['30', '32', '34']);
    });

    it('stops inside a passed run at the bound, at the first record not counted', async () => {
      const reports: ScanReport[] = [];
      const outcome = await runScan(
        passingPort(10, 99, {}),
        rawDecoder,
        spec({ limits: { maxScan: 1_000_000, maxBytes: 62 } }),
        (r) => reports.push(r),
        new AbortController().signal,
      );
      expect(outcome.stoppedBy).toBe('maxBytes');
      // 13 records of 5 bytes reach 62 bytes: the 13th is counted (the bound is checked before each record).
      expect(reports.at(-1)!.tally).toMatchObject({ scanned: 13, scannedBytes: 65, positions: [[0, '13']] });
    });

    it('asks for no passing when a registry decodes records or the filter has no substring', async () => {
      const seen: { passOver?: boolean } = {};
      await runScan(passingPort(2, 0, seen), decoder, spec(), () => undefined, new AbortController().signal);
      expect(seen.passOver).toBe(false);
      await runScan(
        passingPort(2, 0, seen),
        rawDecoder,
        spec({ filter: {} }),
        () => undefined,
        new AbortController().signal,
      );
      expect(seen.passOver).toBe(false);
    });
  });
});
