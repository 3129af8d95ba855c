// Browse scans as jobs: start returns an id, the UI polls progress (scanned, matched, position) and new
// results, and may cancel. Memory stays bounded: at most maxResults matches are kept per scan, and
// finished scans are forgotten after a while.
import { randomUUID } from 'node:crypto';
import { viewRecord, type RecordView } from '../../../shared/recordView';
import { BROWSE_BOUNDS, type BrowseRequest, type ScanProgress, type ScanState } from '../../../shared/browse';
import type { RecordPort } from '../kafka/recordPort';
import { notFound } from '../appFailure';
import { resolveSeek } from './seekRanges';
import { compileRecordFilter } from './recordFilter';
import { createRecordDecoder, type RecordDecoder } from '../schemas/recordDecoder';
import { filterBatch, type BatchFilter } from './batchJob';

const DEFAULT_MAX_RESULTS = 500;
const FINISHED_SCAN_TTL_MS = 10 * 60_000;
const MAX_SCANS = 50;

interface Scan {
  id: string;
  topic: string;
  state: ScanState;
  scanned: number;
  scannedBytes: number;
  matched: number;
  total: bigint;
  limits: { maxScan: number; maxBytes: number };
  stoppedBy?: 'maxScan' | 'maxBytes';
  positions: Map<number, { from: string; next: string; end: string }>;
  skipped: { markers: number; aborted: number };
  results: { seq: number; record: RecordView }[];
  maxResults: number;
  started: number;
  finished?: number;
  error?: string;
  abort: AbortController;
  done: Promise<void>;
}

export class ScanManager {
  private readonly scans = new Map<string, Scan>();

  constructor(
    private readonly records: RecordPort,
    private readonly now: () => number = Date.now,
    /** Keys and values in the Confluent wire format are decoded before filters see them. */
    private readonly decoder: RecordDecoder = createRecordDecoder(null),
    /** Where a batch is decoded and filtered: in an engine worker when given, else on this loop. */
    private readonly filter: BatchFilter = (batch, { predicate, spec, keep }) =>
      filterBatch(batch, predicate, spec, keep, decoder),
  ) {}

  /** Validates the filter and the seek, then starts scanning in the background. */
  async start(request: BrowseRequest): Promise<{ scanId: string }> {
    // Compiled here too: a bad filter is refused before the scan starts.
    const predicate = compileRecordFilter(request.filter);
    const ranges = await resolveSeek(this.records, request);
    this.evict();
    const abort = new AbortController();
    const scan: Scan = {
      id: randomUUID(),
      topic: request.topic,
      state: 'running',
      scanned: 0,
      scannedBytes: 0,
      matched: 0,
      limits: {
        maxScan: request.maxScan ?? BROWSE_BOUNDS.maxScan,
        maxBytes: request.maxBytes ?? BROWSE_BOUNDS.maxBytes,
      },
      total: ranges.reduce((n, r) => n + (BigInt(r.to) - BigInt(r.from)), 0n),
      positions: new Map(ranges.map((r) => [r.partition, { from: r.from, next: r.from, end: r.to }])),
      skipped: { markers: 0, aborted: 0 },
      results: [],
      maxResults: request.maxResults ?? DEFAULT_MAX_RESULTS,
      started: this.now(),
      abort,
      done: Promise.resolve(),
    };
    const { maxScan, maxBytes } = scan.limits;
    scan.done = this.records
      .read([{ topic: request.topic, ranges }], {
        signal: abort.signal,
        includeAborted: request.includeAborted ?? false,
        onSkipped: (_topic, _partition, skipped) => {
          scan.skipped.markers += skipped.markers;
          scan.skipped.aborted += skipped.aborted;
        },
        onPosition: (_topic, partition, next) => {
          const p = scan.positions.get(partition);
          if (p) p.next = next;
        },
        onBatch: async (batch) => {
          // The bounds are counted here, record by record; decoding and filtering run where `filter` runs.
          let cut = 0;
          while (cut < batch.length && scan.scanned < maxScan && scan.scannedBytes < maxBytes) {
            const record = batch[cut++]!;
            scan.scanned++;
            scan.scannedBytes += (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
          }
          const part = cut === batch.length ? batch : batch.slice(0, cut);
          if (part.length > 0) {
            const keep = scan.maxResults - scan.results.length;
            const out = await this.filter(part, {
              predicate,
              spec: request.filter,
              keep,
              signal: abort.signal,
            });
            out.views.forEach((record, n) => scan.results.push({ seq: scan.matched + n + 1, record }));
            scan.matched += out.matched;
          }
          if (cut < batch.length) {
            scan.stoppedBy = scan.scanned >= maxScan ? 'maxScan' : 'maxBytes';
            abort.abort();
          }
        },
      })
      .then(
        (summary) => {
          scan.state =
            summary.cancelled && scan.state !== 'done' ? (scan.stoppedBy ? 'done' : 'cancelled') : 'done';
        },
        (error: unknown) => {
          scan.state = 'failed';
          scan.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        scan.finished = this.now();
      });
    this.scans.set(scan.id, scan);
    return { scanId: scan.id };
  }

  progress(scanId: string, after = 0): ScanProgress {
    const scan = this.get(scanId);
    return {
      scanId,
      topic: scan.topic,
      state: scan.state,
      scanned: scan.scanned,
      matched: scan.matched,
      total: scan.total.toString(),
      covered: [...scan.positions.values()]
        .reduce((n, p) => {
          const next = BigInt(p.next);
          const end = BigInt(p.end);
          return n + ((next < end ? next : end) - BigInt(p.from));
        }, 0n)
        .toString(),
      skipped: { ...scan.skipped },
      positions: [...scan.positions]
        .map(([partition, p]) => ({ partition, next: p.next, end: p.end }))
        .sort((a, b) => a.partition - b.partition),
      results: scan.results.filter((r) => r.seq > after),
      kept: scan.results.length,
      scannedBytes: scan.scannedBytes,
      limits: scan.limits,
      ...(scan.stoppedBy ? { stoppedBy: scan.stoppedBy } : {}),
      elapsedMs: (scan.finished ?? this.now()) - scan.started,
      ...(scan.error ? { error: scan.error } : {}),
    };
  }

  async cancel(scanId: string): Promise<ScanProgress> {
    const scan = this.get(scanId);
    if (scan.state === 'running') {
      scan.state = 'cancelled';
      scan.abort.abort();
    }
    await scan.done;
    return this.progress(scanId, Number.MAX_SAFE_INTEGER);
  }

  /** Waits for a scan to finish (tests, benchmarks). */
  async wait(scanId: string): Promise<ScanProgress> {
    await this.get(scanId).done;
    return this.progress(scanId);
  }

  private get(scanId: string): Scan {
    const scan = this.scans.get(scanId);
    if (!scan)
      throw notFound(`no scan "${scanId}" (it finished more than 10 minutes ago, or the console restarted)`);
    return scan;
  }

  private evict(): void {
    const now = this.now();
    for (const [id, s] of this.scans)
      if (s.finished !== undefined && now - s.finished > FINISHED_SCAN_TTL_MS) this.scans.delete(id);
    if (this.scans.size >= MAX_SCANS) {
      const oldestFinished = [...this.scans.values()]
        .filter((s) => s.finished !== undefined)
        .sort((a, b) => a.started - b.started)[0];
      if (oldestFinished) this.scans.delete(oldestFinished.id);
    }
  }
}

/**
 * One record, whole (the "load all" of a truncated value); a record of an aborted transaction is returned
 * marked aborted. Null when the offset is outside the log; a transaction marker's offset is not found with
 * that said.
 */
export async function getRecord(
  records: RecordPort,
  topic: string,
  partition: number,
  offset: string,
  decoder: RecordDecoder = createRecordDecoder(null),
): Promise<RecordView | null> {
  let found: RecordView | null = null;
  const marks = await records.watermarks(topic);
  const m = marks.find((x) => x.partition === partition);
  if (!m || BigInt(offset) < BigInt(m.low) || BigInt(offset) >= BigInt(m.high)) return null;
  let marker = false;
  await records.read(
    [{ topic, ranges: [{ partition, from: offset, to: (BigInt(offset) + 1n).toString() }] }],
    {
      includeAborted: true,
      onSkipped: (_topic, _partition, skipped) => {
        if (skipped.markers > 0) marker = true;
      },
      onBatch: async (batch) => {
        const r = batch.find((x) => x.offset === offset);
        if (r) {
          const [decoded] = await decoder.decodeBatch([r]);
          found = viewRecord(r, Number.MAX_SAFE_INTEGER, decoded);
        }
      },
    },
  );
  if (!found && marker)
    throw notFound(
      `offset ${offset} of ${topic} partition ${partition} is a transaction marker (the commit or abort the broker writes), not a record`,
    );
  return found;
}
