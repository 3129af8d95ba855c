// Browse's per-batch work: decode (schema registry) and filter one fetched batch, and build the views of the
// matches to keep. The scan loop (scanLoop.ts) calls it wherever the scan runs.
import { DEFAULT_VALUE_LIMIT, viewRecord, type RecordView } from '../../../shared/recordView';
import type { KafkaRecord } from '../kafka/recordPort';
import { withDecodedBytes, type DecodedRecord, type RecordDecoder } from '../schemas/recordDecoder';
import type { RecordFilterSpec, RecordPredicate } from './recordFilter';

export interface BrowseBatchOutput {
  matched: number;
  /** Views of the first `keep` matches, in batch order. */
  views: RecordView[];
}

const filtersContent = (f: RecordFilterSpec) => Boolean(f.key || f.value || f.jsonPath);

/**
 * Filters one batch: content filters (key, value, JSON path) see decoded values, so then every record is
 * decoded; otherwise only the matches that are kept are.
 */
export async function filterBatch(
  batch: KafkaRecord[],
  predicate: RecordPredicate,
  spec: RecordFilterSpec,
  keep: number,
  decoder: RecordDecoder,
): Promise<BrowseBatchOutput> {
  const content = filtersContent(spec);
  const decoded: (DecodedRecord | undefined)[] = content ? await decoder.decodeBatch(batch) : [];
  const matches: number[] = [];
  for (let i = 0; i < batch.length; i++)
    if (predicate(content ? withDecodedBytes(batch[i]!, decoded[i]!) : batch[i]!)) matches.push(i);
  const kept = matches.slice(0, Math.max(0, keep));
  if (!content && kept.length > 0) {
    const found = await decoder.decodeBatch(kept.map((i) => batch[i]!));
    kept.forEach((i, n) => (decoded[i] = found[n]));
  }
  return {
    matched: matches.length,
    views: kept.map((i) => viewRecord(batch[i]!, DEFAULT_VALUE_LIMIT, decoded[i] ?? {})),
  };
}
