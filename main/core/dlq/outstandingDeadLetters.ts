// How many dead letters each stage holds, and how many of them still wait for a person: the records in the
// stage's DLQ (log start to end) less those the team-wide ledger records as redelivered.
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { DlqCoordinates } from '../../../shared/redelivery';
import type { RecordPort } from '../kafka/recordPort';

export interface StageDeadLetters {
  /** Records in the DLQ now. */
  total: number;
  /** Of those, the ones not redelivered yet. */
  outstanding: number;
}

export async function countDeadLetters(
  records: RecordPort,
  map: PipelineMap,
  redelivered: readonly DlqCoordinates[],
): Promise<Map<string, StageDeadLetters>> {
  const done = new Map<string, bigint[]>();
  for (const c of redelivered) {
    const key = `${c.topic}\u0000${c.partition}`;
    const offsets = done.get(key) ?? [];
    offsets.push(BigInt(c.offset));
    done.set(key, offsets);
  }
  const counts = new Map<string, StageDeadLetters>();
  for (const stage of map.stages) {
    let total = 0n;
    let handled = 0n;
    for (const w of await records.watermarks(stage.dlqTopic)) {
      const low = BigInt(w.low);
      const high = BigInt(w.high);
      total += high - low;
      // A redelivered record that retention already removed is no longer in the total either.
      for (const offset of done.get(`${stage.dlqTopic}\u0000${w.partition}`) ?? [])
        if (offset >= low && offset < high) handled += 1n;
    }
    counts.set(stage.name, { total: Number(total), outstanding: Number(total - handled) });
  }
  return counts;
}
