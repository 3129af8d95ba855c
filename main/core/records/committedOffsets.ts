// A group's committed offsets as a partition → next-offset map, the form every use case compares offsets in.
import type { RecordPort } from '../kafka/recordPort';

/** Partition → the group's committed offset (the next offset it will read); missing = never committed. */
export type CommittedByPartition = Map<number, bigint>;

/** Committed offsets of a group on a topic as partition → next offset (bigint); missing = never committed. */
export async function committedMap(
  records: RecordPort,
  groupId: string,
  topic: string,
): Promise<CommittedByPartition> {
  const out: CommittedByPartition = new Map();
  for (const c of await records.committedOffsets(groupId, topic))
    if (c.offset !== null) out.set(c.partition, BigInt(c.offset));
  return out;
}
