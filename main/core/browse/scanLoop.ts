// One browse scan's reading loop: fetch the seek ranges, count the bounds record by record, decode and filter
// each batch, keep the first matches' views. It runs where its record port is: in an engine worker (the
// `browse.scan` job below, on the worker's own connection, so fetching, decompression, decoding and filtering
// all stay off the main loop), or in-line for a port the worker cannot dial (tests, injected ports).
import type { RecordView } from '../../../shared/recordView';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import type { PartitionRange, PassedRun, RecordPort } from '../kafka/recordPort';
import type { RecordDecoder } from '../schemas/recordDecoder';
import { registryDecoder } from '../schemas/registryDecoders';
import type { EngineConnection, EngineLink } from '../workers/engineLink';
import { affinityOf } from '../workers/engineLink';
import { clusterFor } from '../workers/workerClusters';
import type { JobContext } from '../workers/workerHost';
import { filterBatch } from './batchFilter';
import { compileBatchPrecheck, compileRecordFilter, type RecordFilterSpec } from './recordFilter';

export const BROWSE_SCAN_JOB = 'browse.scan';

/** What to read: resolved on the main loop (a few offset lookups), read wherever the loop runs. */
export interface ScanSpec {
  topic: string;
  ranges: PartitionRange[];
  filter: RecordFilterSpec;
  includeAborted: boolean;
  limits: { maxScan: number; maxBytes: number };
  maxResults: number;
}

/** The scan's counters so far; each progress report carries all of them (the last one wins). */
export interface ScanTally {
  scanned: number;
  scannedBytes: number;
  matched: number;
  kept: number;
  skipped: { markers: number; aborted: number };
  /** Next offset to read, per partition read so far. */
  positions: [partition: number, next: string][];
  stoppedBy?: 'maxScan' | 'maxBytes';
}

/** A report: the counters, and the views of the matches kept since the previous report. */
export interface ScanReport {
  tally: ScanTally;
  views: RecordView[];
}

export interface ScanOutcome {
  /** The read stopped early: cancelled by its caller, or at a bound (then `stoppedBy` says which). */
  cancelled: boolean;
  stoppedBy?: 'maxScan' | 'maxBytes';
}

/** Runs a scan and reports after every batch; a bound reached ends it normally, with `stoppedBy` set. */
export type ScanRunner = (
  spec: ScanSpec,
  report: (r: ScanReport) => void,
  options: { signal: AbortSignal; onQueued?: (position: number) => void },
) => Promise<ScanOutcome>;

export async function runScan(
  records: RecordPort,
  decoder: RecordDecoder,
  spec: ScanSpec,
  report: (r: ScanReport) => void,
  signal: AbortSignal,
): Promise<ScanOutcome> {
  const predicate = compileRecordFilter(spec.filter);
  const { maxScan, maxBytes } = spec.limits;
  const tally: ScanTally = {
    scanned: 0,
    scannedBytes: 0,
    matched: 0,
    kept: 0,
    skipped: { markers: 0, aborted: 0 },
    positions: [],
  };
  const positions = new Map<number, string>();
  // A bound stops the read without cancelling the caller's signal.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const snapshot = (): ScanTally => ({ ...tally, skipped: { ...tally.skipped }, positions: [...positions] });
  // A batch that cannot hold a match is only counted (the reader passes it over undecoded), when filters
  // see raw bytes: a registry's decoded text is not in the batch.
  const precheck = decoder.rawBytes ? compileBatchPrecheck(spec.filter) : null;
  /** Counts records of these sizes until a bound; returns how many were counted. */
  const countUpToBound = (n: number, sizeAt: (i: number) => number): number => {
    let cut = 0;
    while (cut < n && tally.scanned < maxScan && tally.scannedBytes < maxBytes) {
      tally.scanned++;
      tally.scannedBytes += sizeAt(cut++);
    }
    return cut;
  };
  const onPassed = (run: PassedRun) => {
    const n = run.sizes.length;
    const cut = countUpToBound(n, (i) => run.sizes[i]!);
    if (cut < n) {
      tally.stoppedBy = tally.scanned >= maxScan ? 'maxScan' : 'maxBytes';
      positions.set(run.partition, (BigInt(run.baseOffset) + BigInt(run.offsetDeltas[cut]!)).toString());
      stop.abort();
    }
    report({ tally: snapshot(), views: [] });
  };
  try {
    if (signal.aborted) stop.abort();
    const summary = await records.read([{ topic: spec.topic, ranges: spec.ranges }], {
      signal: stop.signal,
      includeAborted: spec.includeAborted,
      ...(precheck
        ? { passOver: { mayMatch: (_topic: string, bytes: Uint8Array) => precheck(bytes), onPassed } }
        : {}),
      onSkipped: (_topic, _partition, skipped) => {
        tally.skipped.markers += skipped.markers;
        tally.skipped.aborted += skipped.aborted;
      },
      onPosition: (_topic, partition, next) => {
        // Past a bound the read has stopped where the count stopped, not where the fetch got to.
        if (!tally.stoppedBy) positions.set(partition, next);
      },
      onBatch: async (batch) => {
        const cut = countUpToBound(batch.length, (i) => {
          const record = batch[i]!;
          return (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0);
        });
        const part = cut === batch.length ? batch : batch.slice(0, cut);
        let views: RecordView[] = [];
        if (part.length > 0) {
          const out = await filterBatch(part, predicate, spec.filter, spec.maxResults - tally.kept, decoder);
          tally.matched += out.matched;
          tally.kept += out.views.length;
          views = out.views;
        }
        if (cut < batch.length) {
          tally.stoppedBy = tally.scanned >= maxScan ? 'maxScan' : 'maxBytes';
          // Each partition's position is its first record not counted, so progress shows how far it got.
          const first = new Map<number, string>();
          for (const r of batch.slice(cut)) if (!first.has(r.partition)) first.set(r.partition, r.offset);
          for (const [partition, offset] of first) positions.set(partition, offset);
          stop.abort();
        }
        report({ tally: snapshot(), views });
      },
    });
    // Positions may move past the last batch (markers, compaction gaps): the final counters say so.
    report({ tally: snapshot(), views: [] });
    return { cancelled: summary.cancelled, ...(tally.stoppedBy ? { stoppedBy: tally.stoppedBy } : {}) };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A runner on this loop's own port (no worker, or a port a worker cannot dial). */
export function inlineScanRunner(records: RecordPort, decoder: RecordDecoder): ScanRunner {
  return (spec, report, { signal }) => runScan(records, decoder, spec, report, signal);
}

export interface BrowseScanJobInput {
  connection: EngineConnection;
  spec: ScanSpec;
  schemaRegistry: SchemaRegistrySettings | null;
}

/** The engine worker's job: the whole scan on the worker's connection, reports streamed as progress. */
export function browseScanJob(input: BrowseScanJobInput, context: JobContext): Promise<ScanOutcome> {
  const { records } = clusterFor(input.connection);
  return runScan(
    records,
    registryDecoder(input.schemaRegistry),
    input.spec,
    (r) => context.progress(r),
    context.signal,
  );
}

/** A runner that hands the scan to the engine worker, with the registry in use when the scan starts. */
export function workerScanRunner(
  engine: EngineLink,
  registry: () => Promise<SchemaRegistrySettings | null>,
): ScanRunner {
  return async (spec, report, { signal, onQueued }) => {
    const connection = await engine.connection();
    const input: BrowseScanJobInput = { connection, spec, schemaRegistry: await registry() };
    return engine.pool.run<ScanOutcome>(BROWSE_SCAN_JOB, input, {
      signal,
      affinity: affinityOf(connection),
      onProgress: (value) => report(value as ScanReport),
      ...(onQueued ? { onQueued } : {}),
    });
  };
}
