// Browse scans as jobs: start returns an id, the UI polls progress (scanned, matched, position) and new
// results, and may cancel. Memory stays bounded: at most maxResults matches are kept per scan, and
// finished scans are forgotten after a while. The reading itself is scanLoop.ts, run by a ScanRunner: in the
// engine worker when the backend has one, else on this loop.
import { randomUUID } from 'node:crypto';
import { viewRecord, type RecordView } from '../../../shared/recordView';
import { BROWSE_BOUNDS, type BrowseRequest, type ScanProgress, type ScanState } from '../../../shared/browse';
import type { RecordPort } from '../kafka/recordPort';
import { notFound } from '../appFailure';
import { resolveSeek } from './seekRanges';
import { compileRecordFilter } from './recordFilter';
import { createRecordDecoder, type RecordDecoder } from '../schemas/recordDecoder';
import { inlineScanRunner, type ScanReport, type ScanRunner, type ScanSpec } from './scanLoop';

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
  /** Its place in line for an engine slot while other heavy work runs (0 once it runs). */
  queued: number;
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
    decoder: RecordDecoder = createRecordDecoder(null),
    /** Where the scan reads, decodes and filters: the engine worker when given, else this loop. */
    private readonly runner: ScanRunner = inlineScanRunner(records, decoder),
  ) {}

  /** Validates the filter and the seek, then starts scanning in the background. */
  async start(request: BrowseRequest): Promise<{ scanId: string }> {
    // Compiled here first: a bad filter is refused before the scan starts, wherever it runs.
    compileRecordFilter(request.filter);
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
      queued: 0,
      started: this.now(),
      abort,
      done: Promise.resolve(),
    };
    const spec: ScanSpec = {
      topic: request.topic,
      ranges,
      filter: request.filter,
      includeAborted: request.includeAborted ?? false,
      limits: scan.limits,
      maxResults: scan.maxResults,
    };
    const apply = ({ tally, views }: ScanReport) => {
      scan.queued = 0;
      views.forEach((record, n) => scan.results.push({ seq: scan.results.length + n + 1, record }));
      scan.scanned = tally.scanned;
      scan.scannedBytes = tally.scannedBytes;
      scan.matched = tally.matched;
      scan.skipped = tally.skipped;
      if (tally.stoppedBy) scan.stoppedBy = tally.stoppedBy;
      for (const [partition, next] of tally.positions) {
        const p = scan.positions.get(partition);
        if (p) p.next = next;
      }
    };
    scan.done = this.runner(spec, apply, {
      signal: abort.signal,
      onQueued: (position) => {
        scan.queued = position;
      },
    })
      .then(
        (outcome) => {
          if (outcome.stoppedBy) scan.stoppedBy = outcome.stoppedBy;
          scan.state =
            outcome.cancelled && !scan.stoppedBy && scan.state === 'cancelled' ? 'cancelled' : 'done';
        },
        (error: unknown) => {
          // A scan cancelled by its person ends cancelled, however the runner reports the stop.
          if (scan.state === 'cancelled' && abort.signal.aborted) return;
          scan.state = 'failed';
          scan.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        scan.queued = 0;
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
      ...(scan.queued > 0 ? { queued: scan.queued } : {}),
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
