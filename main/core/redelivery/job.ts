// One redelivery job (SQS redrive, in Kafka terms). Per batch of DLQ records:
//   1. catch up with the ledger; skip records already redelivered (by anyone);
//   2. a claim held by a job whose lease ran out is verified against the target topic: if its record is
//      there, the result is recorded on its behalf; if not, the claim is abandoned;
//   3. write our claims, catch up again: the first live claim in the ledger's log order owns the record;
//   4. produce the records we own to the stage's redelivery topic, then record each result.
// A crash between 3 and 4 leaves claims whose records a later job finds (by redelivery id) or not, so
// every record reaches its target exactly once. Afterwards the job watches for the stage's completion.
import { randomUUID } from 'node:crypto';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import type { LedgerJobDefinition, LedgerRedelivery } from './ledger';
import type { RecordPort } from '../kafka/recordPort';
import { committedMap } from '../records/committedOffsets';
import { correlationIdOf } from '../records/recordFields';
import type { LedgerAbandon, LedgerClaim, LedgerEntry, LedgerView } from './ledger';
import type { DetailedPlan, PlannedItem } from './plan';
import { provenanceHeaders, redeliveredHeaders } from './provenance';
import { TokenBucket } from './tokenBucket';
import type { PipelineMap } from '../../../shared/pipelineMap';

/** Thrown by the crash fault hook: the job stops dead, as if the console process had been killed. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export interface JobFaults {
  /** Called after each batch's records reached the target and before their results are recorded. */
  afterTargetProduce?: (movedSoFar: number) => boolean;
}

export interface JobOptions {
  records: RecordPort;
  map: PipelineMap;
  ledger: LedgerView;
  who: string;
  now: () => number;
  /** How long a claim stays exclusive (default 60 s); a claimer never produces in the last quarter. */
  leaseMs?: number;
  batchSize?: number;
  confirm?: { intervalMs?: number; timeoutMs?: number };
  /** Claim-holder instance ids known to be dead in this process (a crashed job that is being resumed). */
  deadInstances?: ReadonlySet<string>;
  healthOverride?: string;
  faults?: JobFaults;
  sleep?: (ms: number) => Promise<void>;
}

const TARGET_SEARCH_SKEW_MS = 60_000;
const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface ClaimWithInstance extends LedgerClaim {
  instanceId?: string;
}

export class RedeliveryJob {
  readonly instanceId = randomUUID();
  readonly status: RedeliveryJobStatus;
  private cancelled = false;
  private readonly eligible: PlannedItem[];
  private readonly allItems: PlannedItem[];
  private readonly leaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Redeliveries of this job's items, from the ledger (by anyone), for the confirmation phase. */
  private readonly results = new Map<string, LedgerRedelivery>();

  constructor(
    private readonly options: JobOptions,
    readonly definition: LedgerJobDefinition,
    detailed: DetailedPlan,
  ) {
    this.allItems = detailed.items;
    this.eligible = detailed.items.filter((i) => !i.skip);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.sleep = options.sleep ?? sleepMs;
    this.status = {
      jobId: definition.jobId,
      state: 'running',
      who: definition.who,
      why: definition.why,
      dlqTopic: definition.dlqTopic,
      ratePerSecond: definition.ratePerSecond,
      toMove: this.eligible.length,
      moved: 0,
      skipped: detailed.plan.alreadyRedelivered,
      recovered: 0,
      refused: detailed.plan.loopGuarded + detailed.plan.noTarget,
      confirmed: 0,
      unconfirmable: 0,
      startedAt: options.now(),
    };
  }

  cancel(): void {
    this.cancelled = true;
  }

  async run(): Promise<void> {
    try {
      await this.move();
      if (this.cancelled) {
        this.status.state = 'cancelled';
        return;
      }
      this.status.state = 'confirming';
      await this.confirm();
      this.status.state = this.cancelled ? 'cancelled' : 'done';
    } catch (error) {
      this.status.state = error instanceof SimulatedCrash ? 'crashed' : 'failed';
      this.status.error = error instanceof Error ? error.message : String(error);
      if (!(error instanceof SimulatedCrash)) throw error;
    } finally {
      this.status.finishedAt = this.options.now();
    }
  }

  private async move(): Promise<void> {
    const rate = this.definition.ratePerSecond;
    // About four batches a second: big enough to amortise the ledger round trips, small enough to pace evenly.
    const batchSize = this.options.batchSize ?? Math.max(10, Math.min(500, Math.ceil(rate / 4)));
    // Burst of at most one second's worth: the configured rate holds over any window of a second or more.
    const bucket = new TokenBucket(rate, Math.max(1, Math.min(batchSize, Math.floor(rate))));
    let pending = [...this.eligible];
    let deferred: PlannedItem[] = [];
    while (!this.cancelled && (pending.length > 0 || deferred.length > 0)) {
      if (pending.length === 0) {
        // Records held by another live job: look again shortly (its result, or its lease running out).
        await this.sleep(Math.min(1000, Math.max(100, this.leaseMs / 10)));
        pending = deferred;
        deferred = [];
        continue;
      }
      const n = bucket.take(Math.min(batchSize, pending.length));
      if (n === 0) {
        await this.sleep(bucket.waitMs());
        continue;
      }
      const batch = pending.splice(0, n);
      deferred.push(...(await this.processBatch(batch)));
    }
  }

  private claimIsDead(claim: ClaimWithInstance, now: number): boolean {
    return claim.leaseUntil <= now || (claim.instanceId !== undefined && (this.options.deadInstances?.has(claim.instanceId) ?? false));
  }

  /** Returns the items to look at again later (held by another live job). */
  private async processBatch(batch: PlannedItem[]): Promise<PlannedItem[]> {
    const { ledger, records } = this.options;
    const defer: PlannedItem[] = [];
    await ledger.catchUp();
    const now = this.options.now();

    // Steps 1-2: skip done records, verify expired claims.
    const toVerify: { item: PlannedItem; claim: ClaimWithInstance }[] = [];
    const candidates: PlannedItem[] = [];
    for (const item of batch) {
      const state = ledger.item(item.dlq);
      if (state?.result) {
        this.results.set(key(item), state.result);
        this.status.skipped++;
        continue;
      }
      const live = state?.claims.filter((c) => !c.abandoned).map((c) => c.claim as ClaimWithInstance) ?? [];
      const firstLive = live.find((c) => !this.claimIsDead(c, now));
      const expired = live.filter((c) => this.claimIsDead(c, now));
      if (firstLive && (expired.length === 0 || live.indexOf(firstLive) < live.indexOf(expired[0]!))) {
        defer.push(item);
        continue;
      }
      for (const claim of expired) toVerify.push({ item, claim });
      candidates.push(item);
    }
    const found = await this.findInTargets(toVerify.map((v) => v.claim));
    const preEntries: LedgerEntry[] = [];
    const recoveredItems = new Set<PlannedItem>();
    for (const { item, claim } of toVerify) {
      if (recoveredItems.has(item)) continue;
      const offset = found.get(claim.claimId);
      if (offset !== undefined) {
        const result = this.resultEntry(item, claim.claimId, claim.jobId, claim.who, claim.at, offset, true);
        preEntries.push(result);
        this.results.set(key(item), result);
        recoveredItems.add(item);
        this.status.recovered++;
      } else {
        const abandon: LedgerAbandon = { type: 'abandon', claimId: claim.claimId, by: this.definition.who, at: now, dlq: item.dlq };
        preEntries.push(abandon);
      }
    }
    const toClaim = candidates.filter((i) => !recoveredItems.has(i));
    const claims = new Map<PlannedItem, ClaimWithInstance>();
    for (const item of toClaim) {
      claims.set(item, {
        type: 'claim',
        claimId: randomUUID(),
        jobId: this.definition.jobId,
        who: this.definition.who,
        at: now,
        leaseUntil: now + this.leaseMs,
        dlq: item.dlq,
        targetTopic: item.targetTopic!,
        targetPartition: item.targetPartition,
        instanceId: this.instanceId,
      });
    }
    // Abandons first, claims after: in each ledger partition the log order is the order written.
    await ledger.write([...preEntries, ...claims.values()]);
    if (claims.size === 0) return defer;

    // Step 3: who owns each record now?
    await ledger.catchUp();
    const won: PlannedItem[] = [];
    for (const [item, claim] of claims) {
      const state = ledger.item(item.dlq);
      const owner = ledger.owner(item.dlq);
      if (owner?.claimId === claim.claimId) won.push(item);
      else if (state?.result) {
        this.results.set(key(item), state.result);
        this.status.skipped++;
      } else defer.push(item); // another job's claim came first: it will record a result or expire
    }
    const produceAt = this.options.now();
    if (won.length > 0 && produceAt > now + (this.leaseMs * 3) / 4) {
      // Too close to our own lease end: a verifier could soon take over. Give the records back.
      await ledger.write(won.map((item) => ({ type: 'abandon' as const, claimId: claims.get(item)!.claimId, by: this.definition.who, at: produceAt, dlq: item.dlq })));
      return [...defer, ...won];
    }

    // Step 4: produce, then record.
    const produced = await records.produce(
      won.map((item) => {
        const claim = claims.get(item)!;
        return {
          topic: item.targetTopic!,
          partition: item.targetPartition,
          key: item.record.key,
          value: item.record.value,
          headers: redeliveredHeaders(item.record.headers, {
            redeliveryId: claim.claimId,
            jobId: this.definition.jobId,
            who: this.definition.who,
            at: produceAt,
            dlq: item.dlq,
            count: item.redeliveryCount + 1,
          }),
        };
      }),
    );
    this.status.moved += won.length;
    if (this.options.faults?.afterTargetProduce?.(this.status.moved)) throw new SimulatedCrash(`simulated crash after ${this.status.moved} records reached the target`);
    const results = won.map((item, i) => this.resultEntry(item, claims.get(item)!.claimId, this.definition.jobId, this.definition.who, produceAt, produced[i]!.offset, false));
    await ledger.write(results);
    for (const [i, item] of won.entries()) this.results.set(key(item), results[i]!);
    return defer;
  }

  private resultEntry(item: PlannedItem, redeliveryId: string, jobId: string, who: string, at: number, targetOffset: string, recovered: boolean): LedgerRedelivery {
    return {
      type: 'redelivery',
      redeliveryId,
      jobId,
      who,
      at,
      why: this.definition.why,
      dlq: item.dlq,
      paymentId: item.paymentId,
      ceId: item.summary.ceId,
      stage: item.stage?.name ?? null,
      targetTopic: item.targetTopic!,
      targetPartition: item.targetPartition,
      targetOffset,
      redeliveryCount: item.redeliveryCount + 1,
      result: 'redelivered',
      ...(recovered ? { recovered: true } : {}),
      ...(this.options.healthOverride ? { healthOverride: this.options.healthOverride } : {}),
    };
  }

  /** Looks for records carrying these claims' redelivery ids in their target partitions. */
  private async findInTargets(claims: LedgerClaim[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (claims.length === 0) return found;
    const wanted = new Set(claims.map((c) => c.claimId));
    const byPartition = new Map<string, { topic: string; partition: number; since: number }>();
    for (const c of claims) {
      const k = `${c.targetTopic}\u0000${c.targetPartition}`;
      const cur = byPartition.get(k);
      byPartition.set(k, { topic: c.targetTopic, partition: c.targetPartition, since: Math.min(cur?.since ?? c.at, c.at) });
    }
    const { records } = this.options;
    for (const { topic, partition, since } of byPartition.values()) {
      const [marks, starts] = await Promise.all([records.watermarks(topic), records.offsetsForTime(topic, since - TARGET_SEARCH_SKEW_MS)]);
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

  /** Closed loop: watch each stage's outcome topic (or its group's committed offset) until done or timeout. */
  private async confirm(): Promise<void> {
    const { ledger, records } = this.options;
    const interval = this.options.confirm?.intervalMs ?? 2000;
    const deadline = this.options.now() + (this.options.confirm?.timeoutMs ?? 10 * 60_000);
    await ledger.catchUp();
    // Records redelivered before this job (by anyone) belong to the summary too.
    const tracked = this.allItems.filter((i) => !i.skip || i.skip === 'already-redelivered');
    const confirmed = new Set<string>();
    const open = new Map<string, PlannedItem>();
    for (const item of tracked) {
      const r = ledger.item(item.dlq)?.result;
      if (!r) continue;
      this.results.set(key(item), r);
      if (r.result === 'confirmed') confirmed.add(key(item));
      else open.set(key(item), item);
    }
    this.status.confirmed = confirmed.size;

    const outcomeSeen = new Map<string, Map<string, number>>(); // outcome topic → paymentId → latest timestamp
    const outcomePositions = new Map<string, Map<number, string>>();
    while (open.size > 0 && !this.cancelled) {
      const newlyConfirmed: LedgerRedelivery[] = [];
      let unconfirmable = 0;
      // One read per outcome topic and one offset fetch per (group, topic) per round, not per item.
      const since = Math.min(...[...open.keys()].map((k) => this.results.get(k)!.at));
      for (const topic of new Set([...open.values()].map((i) => i.stage?.outcomeTopic).filter((t): t is string => t !== undefined))) {
        await this.readOutcomes(topic, since, outcomeSeen, outcomePositions);
      }
      const committedCache = new Map<string, Map<number, bigint>>();
      for (const [k, item] of open) {
        const r = this.results.get(k)!;
        const stage = item.stage;
        let done: boolean;
        if (stage?.outcomeTopic) {
          const seenAt = r.paymentId ? outcomeSeen.get(stage.outcomeTopic)?.get(r.paymentId) : undefined;
          done = seenAt !== undefined && seenAt >= r.at - 5_000;
        } else {
          const groupId = stage?.consumerGroup ?? item.summary.consumerGroup;
          if (!groupId || r.targetOffset === null) {
            unconfirmable++;
            continue;
          }
          const cacheKey = `${groupId}\u0000${r.targetTopic}`;
          let committedByPartition = committedCache.get(cacheKey);
          if (!committedByPartition) committedCache.set(cacheKey, (committedByPartition = await committedMap(records, groupId, r.targetTopic)));
          const committed = committedByPartition.get(r.targetPartition);
          done = committed !== undefined && committed > BigInt(r.targetOffset);
        }
        if (done) {
          const entry: LedgerRedelivery = { ...r, result: 'confirmed', confirmedAt: this.options.now() };
          newlyConfirmed.push(entry);
          this.results.set(k, entry);
          confirmed.add(k);
          open.delete(k);
        }
      }
      await ledger.write(newlyConfirmed);
      this.status.confirmed = confirmed.size;
      this.status.unconfirmable = unconfirmable;
      if (open.size === unconfirmable || this.options.now() >= deadline) break;
      await this.sleep(interval);
    }
  }

  private async readOutcomes(topic: string, since: number, seen: Map<string, Map<string, number>>, positions: Map<string, Map<number, string>>): Promise<void> {
    const { records, map } = this.options;
    const marks = await records.watermarks(topic);
    let pos = positions.get(topic);
    if (!pos) {
      pos = new Map((await records.offsetsForTime(topic, since - 60_000)).map((s) => [s.partition, s.offset]));
      positions.set(topic, pos);
    }
    const ranges = marks.map((m) => ({ partition: m.partition, from: pos.get(m.partition) ?? m.low, to: m.high })).filter((r) => BigInt(r.from) < BigInt(r.to));
    if (ranges.length === 0) return;
    const perTopic = seen.get(topic) ?? new Map<string, number>();
    seen.set(topic, perTopic);
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

function key(item: PlannedItem): string {
  return `${item.dlq.topic}/${item.dlq.partition}/${item.dlq.offset}`;
}
