// Where a browse scan starts and ends per partition. "Newest N" means N records: on a transactional topic the
// newest offsets may be commit markers or aborted records, so the start is found by reading keys only
// backwards in growing windows until N records (or the log start) are covered.
import type { BrowseRequest } from '../../../shared/browse';
import type { PartitionRange, RecordPort } from '../kafka/recordPort';
import { invalidInput, notFound } from '../appFailure';

/** The offset from which [start, high) holds the newest `count` records, or `low` when fewer exist. */
async function newestRecordsStart(
  records: RecordPort,
  topic: string,
  partition: number,
  low: bigint,
  high: bigint,
  count: number,
  includeAborted: boolean,
): Promise<bigint> {
  let window = BigInt(count);
  for (;;) {
    const from = high - window > low ? high - window : low;
    // Only the last `count` offsets matter: a ring of them, so memory stays at `count` however wide the window.
    const last: string[] = [];
    let seen = 0;
    await records.read([{ topic, ranges: [{ partition, from: from.toString(), to: high.toString() }] }], {
      projection: () => ({ values: false, headers: [] }),
      includeAborted,
      onBatch: (batch) => {
        for (const r of batch) last[seen++ % count] = r.offset;
      },
    });
    if (seen >= count) return BigInt(last[seen % count]!);
    if (from === low) return low;
    window *= 4n;
  }
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
  return Promise.all(
    chosen.map(async (m) => {
      const low = BigInt(m.low);
      const high = BigInt(m.high);
      let from: bigint;
      if (seek.mode === 'oldest') from = low;
      else if (seek.mode === 'newest')
        from =
          high - BigInt(seek.count) > low
            ? await newestRecordsStart(
                records,
                request.topic,
                m.partition,
                low,
                high,
                seek.count,
                request.includeAborted ?? false,
              )
            : low;
      else if (seek.mode === 'offset') {
        const wanted = BigInt(seek.offset);
        from = wanted < low ? low : wanted > high ? high : wanted;
      } else from = BigInt(byTime.find((t) => t.partition === m.partition)?.offset ?? m.high);
      return { partition: m.partition, from: from.toString(), to: m.high };
    }),
  );
}
