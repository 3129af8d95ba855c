// Confirmation, the closed loop after a redelivery: a record counts as done once its stage's outcome topic
// shows the payment again, or (for a stage without one) once the stage's group committed past the record;
// it failed again once the stage's retry tiers or DLQ show it (final in the DLQ, still open in a retry tier).
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RedeliveryFailure } from '../../../shared/redelivery';
import type { RecordPort } from '../kafka/recordPort';
import { committedMap } from '../records/committedOffsets';
import { correlationIdOf } from '../records/recordFields';
import { FailureWatcher } from './failureWatcher';
import type { RedeliveryOutcome } from './jobAccounting';
import type { LedgerRedelivery, LedgerView } from './ledger';
import type { PlannedItem } from './plan';

/** How far before a redelivery an outcome event may be stamped and still count (clock skew). */
const OUTCOME_SKEW_MS = 5_000;
/** Outcome topics are read from this long before the oldest open redelivery. */
const OUTCOME_READ_BACK_MS = 60_000;

export interface ConfirmationOptions {
  records: RecordPort;
  map: PipelineMap;
  ledger: LedgerView;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  intervalMs: number;
  timeoutMs: number;
  isCancelled: () => boolean;
  /** After each round, by redeliveryKey: what is known of each tracked item, and the failures with their error. */
  onProgress: (
    outcomes: ReadonlyMap<string, RedeliveryOutcome>,
    failures: ReadonlyMap<string, RedeliveryFailure>,
  ) => void;
}

export function redeliveryKey(item: PlannedItem): string {
  return `${item.dlq.topic}/${item.dlq.partition}/${item.dlq.offset}`;
}

/**
 * Watches until every tracked item is confirmed or unconfirmable, or the timeout. `results` holds the
 * redeliveries known so far by redeliveryKey and is updated in place (confirmed entries replace them).
 */
export async function confirmRedeliveries(
  options: ConfirmationOptions,
  tracked: readonly PlannedItem[],
  results: Map<string, LedgerRedelivery>,
): Promise<void> {
  const { ledger, records } = options;
  const deadline = options.now() + options.timeoutMs;
  await ledger.catchUp();
  const known = new Map<string, RedeliveryOutcome>();
  const failures = new Map<string, RedeliveryFailure>();
  const open = new Map<string, PlannedItem>();
  for (const item of tracked) {
    const r = ledger.item(item.dlq)?.result;
    if (!r) continue;
    results.set(redeliveryKey(item), r);
    if (r.result === 'confirmed') known.set(redeliveryKey(item), 'confirmed');
    else open.set(redeliveryKey(item), item);
  }
  options.onProgress(known, failures);

  const outcomes = new OutcomeReader(records, options.map);
  const firstAt = Math.min(...[...open.keys()].map((k) => results.get(k)!.at));
  const failed = new FailureWatcher(records, options.map, firstAt);
  while (open.size > 0 && !options.isCancelled()) {
    const newlyConfirmed: LedgerRedelivery[] = [];
    let unconfirmable = 0;
    // One read per outcome topic and one offset fetch per (group, topic) per round, not per item.
    const since = Math.min(...[...open.keys()].map((k) => results.get(k)!.at));
    const stages = new Map([...open.values()].flatMap((i) => (i.stage ? [[i.stage.name, i.stage]] : [])));
    for (const stage of stages.values()) await failed.read(stage);
    for (const topic of new Set(
      [...open.values()].map((i) => i.stage?.outcomeTopic).filter((t): t is string => t !== undefined),
    )) {
      await outcomes.read(topic, since);
    }
    const committedCache = new Map<string, Map<number, bigint>>();
    for (const [k, item] of open) {
      const r = results.get(k)!;
      const stage = item.stage;
      let done: boolean;
      if (stage?.outcomeTopic) {
        const seenAt = r.paymentId ? outcomes.latest(stage.outcomeTopic, r.paymentId) : undefined;
        done = seenAt !== undefined && seenAt >= r.at - OUTCOME_SKEW_MS;
      } else {
        const groupId = stage?.consumerGroup ?? item.summary.consumerGroup;
        if (!groupId || r.targetOffset === null) {
          unconfirmable++;
          known.set(k, 'unconfirmable');
          continue;
        }
        const cacheKey = `${groupId}\u0000${r.targetTopic}`;
        let committedByPartition = committedCache.get(cacheKey);
        if (!committedByPartition)
          committedCache.set(
            cacheKey,
            (committedByPartition = await committedMap(records, groupId, r.targetTopic)),
          );
        const committed = committedByPartition.get(r.targetPartition);
        done = committed !== undefined && committed > BigInt(r.targetOffset);
      }
      if (done) {
        const entry: LedgerRedelivery = { ...r, result: 'confirmed', confirmedAt: options.now() };
        newlyConfirmed.push(entry);
        results.set(k, entry);
        known.set(k, 'confirmed');
        failures.delete(k);
        open.delete(k);
        continue;
      }
      const failure = failed.get(r.redeliveryId);
      if (failure) {
        known.set(k, 'failed-again');
        failures.set(k, failure);
        // Back in the DLQ: the stage will not try it again, so nothing more can confirm it.
        if (failure.final) open.delete(k);
      }
    }
    await ledger.write(newlyConfirmed);
    options.onProgress(known, failures);
    if (open.size === unconfirmable || options.now() >= deadline) break;
    await options.sleep(options.intervalMs);
  }
}

/** Follows outcome topics incrementally: each read continues where the last one ended. */
class OutcomeReader {
  /** Outcome topic → paymentId → latest timestamp. */
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly positions = new Map<string, Map<number, string>>();

  constructor(
    private readonly records: RecordPort,
    private readonly map: PipelineMap,
  ) {}

  latest(topic: string, paymentId: string): number | undefined {
    return this.seen.get(topic)?.get(paymentId);
  }

  async read(topic: string, since: number): Promise<void> {
    const { records, map } = this;
    const marks = await records.watermarks(topic);
    let pos = this.positions.get(topic);
    if (!pos) {
      pos = new Map(
        (await records.offsetsForTime(topic, since - OUTCOME_READ_BACK_MS)).map((s) => [
          s.partition,
          s.offset,
        ]),
      );
      this.positions.set(topic, pos);
    }
    const ranges = marks
      .map((m) => ({ partition: m.partition, from: pos.get(m.partition) ?? m.low, to: m.high }))
      .filter((r) => BigInt(r.from) < BigInt(r.to));
    if (ranges.length === 0) return;
    const perTopic = this.seen.get(topic) ?? new Map<string, number>();
    this.seen.set(topic, perTopic);
    await records.read([{ topic, ranges }], {
      onBatch: (batch) => {
        for (const r of batch) {
          const id = correlationIdOf(r, map.correlationKey);
          if (id !== null) perTopic.set(id, Math.max(perTopic.get(id) ?? 0, r.timestamp));
        }
      },
    });
    for (const r of ranges) pos.set(r.partition, r.to);
  }
}
