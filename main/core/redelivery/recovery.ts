// Recovery: a claim left by a crashed job may or may not have reached its target. The record carries the
// claim's id as its redelivery id, so reading the target partition around the claim's time tells which.
import type { RecordPort } from '../kafka/recordPort';
import type { LedgerClaim } from './ledger';
import { provenanceHeaders } from './provenance';

/** How far before a claim's time its record may sit in the target (clock skew between producers). */
const TARGET_SEARCH_SKEW_MS = 60_000;

/** Claim id → offset in its target partition, for each claim whose record is there. */
export async function findClaimedInTargets(
  records: RecordPort,
  claims: readonly LedgerClaim[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (claims.length === 0) return found;
  const wanted = new Set(claims.map((c) => c.claimId));
  const byPartition = new Map<string, { topic: string; partition: number; since: number }>();
  for (const c of claims) {
    const k = `${c.targetTopic}\u0000${c.targetPartition}`;
    const cur = byPartition.get(k);
    byPartition.set(k, {
      topic: c.targetTopic,
      partition: c.targetPartition,
      since: Math.min(cur?.since ?? c.at, c.at),
    });
  }
  for (const { topic, partition, since } of byPartition.values()) {
    const [marks, starts] = await Promise.all([
      records.watermarks(topic),
      records.offsetsForTime(topic, since - TARGET_SEARCH_SKEW_MS),
    ]);
    const m = marks.find((x) => x.partition === partition);
    if (!m) continue;
    const from = starts.find((s) => s.partition === partition)?.offset ?? m.low;
    await records.read([{ topic, ranges: [{ partition, from, to: m.high }] }], {
      onBatch: (batch) => {
        for (const r of batch) {
          const idHeader = r.headers.find((h) => h.key === provenanceHeaders.id);
          if (!idHeader?.value) continue;
          const id = new TextDecoder().decode(idHeader.value);
          if (wanted.has(id)) found.set(id, r.offset);
        }
      },
    });
  }
  return found;
}
