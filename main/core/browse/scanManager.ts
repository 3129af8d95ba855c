// Browse scans as jobs: start returns an id, the UI polls progress (scanned, matched, position) and new
// results, and may cancel. Memory stays bounded: at most maxResults matches are kept per scan, and
// finished scans are forgotten after a while.
import { randomUUID } from 'node:crypto';
import { viewRecord, type RecordView } from '../../../shared/recordView';
import { BROWSE_BOUNDS, type BrowseRequest, type ScanProgress, type ScanState } from '../../../shared/browse';
import type { PartitionRange, RecordPort } from '../kafka/recordPort';
import { invalidInput, notFound } from '../appFailure';
import { compileRecordFilter } from './recordFilter';

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
  positions: Map<number, { next: string; end: string }>;
  results: { seq: number; record: RecordView }[];
  maxResults: number;
  started: number;
  finished?: number;
  error?: string;
  abort: AbortController;
  done: Promise<void>;
}

/** Resolves the seek into per-partition [from, to) ranges, ending at the high watermark taken now. */
export async function resolveSeek(records: RecordPort, request: BrowseRequest): Promise<PartitionRange[]> {
  const marks = await records.watermarks(request.topic);
  if (marks.length === 0) throw notFound(`topic "${request.topic}" does not exist`);
  const chosen =
    request.partition === undefined ? marks : marks.filter((m) => m.partition === request.partition);
  if (chosen.length === 0)
    throw invalidInput(
      `topic "${request.topic}" has no partition ${request.partition} (it has ${marks.length})`,
    );
  const seek = request.seek;
  const byTime = seek.mode === 'timestamp' ? await records.offsetsForTime(request.topic, seek.timestamp) : [];
  return chosen.map((m) => {
    const low = BigInt(m.low);
    const high = BigInt(m.high);
    let from: bigint;
    if (seek.mode === 'oldest') from = low;
    else if (seek.mode === 'newest') from = high - BigInt(seek.count) > low ? high - BigInt(seek.count) : low;
    else if (seek.mode === 'offset') {
      const wanted = BigInt(seek.offset);
      from = wanted < low ? low : wanted > high ? high : wanted;
    } else from = BigInt(byTime.find((t) => t.partition === m.partition)?.offset ?? m.high);
    return { partition: m.partition, from: from.toString(), to: m.high };
  });
}

export class ScanManager {
  private readonly scans = new Map<string, Scan>();

  constructor(
    private readonly records: RecordPort,
    private readonly now: () => number = Date.now,
  ) {}

  /** Validates the filter and the seek, then starts scanning in the background. */
  async start(request: BrowseRequest): Promise<{ scanId: string }> {
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
      positions: new Map(ranges.map((r) => [r.partition, { next: r.from, end: r.to }])),
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
        onPosition: (_topic, partition, next) => {
          const p = scan.positions.get(partition);
          if (p) p.next = next;
        },
        onBatch: (batch) => {
          for (const record of batch) {
            if (scan.scanned >= maxScan || scan.scannedBytes >= maxBytes) {
              scan.stoppedBy = scan.scanned >= maxScan ? 'maxScan' : 'maxBytes';
              abort.abort();
              return;
            }
            scan.scanned++;
            scan.scannedBytes += (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
            if (!predicate(record)) continue;
            scan.matched++;
            if (scan.results.length < scan.maxResults)
              scan.results.push({ seq: scan.matched, record: viewRecord(record) });
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

/** One record, whole (the "load all" of a truncated value). */
export async function getRecord(
  records: RecordPort,
  topic: string,
  partition: number,
  offset: string,
): Promise<RecordView | null> {
  let found: RecordView | null = null;
  const marks = await records.watermarks(topic);
  const m = marks.find((x) => x.partition === partition);
  if (!m || BigInt(offset) < BigInt(m.low) || BigInt(offset) >= BigInt(m.high)) return null;
  await records.read(
    [{ topic, ranges: [{ partition, from: offset, to: (BigInt(offset) + 1n).toString() }] }],
    {
      onBatch: (batch) => {
        const r = batch.find((x) => x.offset === offset);
        if (r) found = viewRecord(r, Number.MAX_SAFE_INTEGER);
      },
    },
  );
  return found;
}
