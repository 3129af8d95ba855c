// One redelivery job (SQS redrive, in Kafka terms). Per batch of DLQ records:
//   1. catch up with the ledger; skip records already redelivered (by anyone);
//   2. a claim held by a job whose lease ran out is verified against the target topic: if its record is
//      there, the result is recorded on its behalf; if not, the claim is abandoned;
//   3. write our claims, catch up again: the first live claim in the ledger's log order owns the record;
//   4. produce the records we own to the stage's redelivery topic, then record each result.
// A crash between 3 and 4 leaves claims whose records a later job finds (by redelivery id) or not, so
// every record reaches its target exactly once. Afterwards the job watches for the stage's completion.
// The mechanisms live beside it: claims.ts (claims and leases), recovery.ts (finding a crashed job's records),
// confirmation.ts (watching the stage's outcome), jobPause.ts (pausing itself when its records fail again),
// jobRefusal.ts (stopping when the broker refuses a write); this class composes them and keeps the job's status.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleepMs } from 'node:timers/promises';
import {
  DEFAULT_PAUSE_AFTER_FAILURES,
  type RedeliveryFailure,
  type RedeliveryJobStatus,
} from '../../../shared/redelivery';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';
import {
  giveBack,
  newClaim,
  tooCloseToLeaseEnd,
  triageClaims,
  type Claimer,
  type ClaimWithInstance,
} from './claims';
import { confirmRedeliveries, redeliveryKey as key } from './confirmation';
import { tallyJob, type RedeliveryOutcome } from './jobAccounting';
import { SelfPause } from './jobPause';
import { asJobStop, auditRefusal, JobRefused, produceOrGiveBack } from './jobRefusal';
import type { LedgerAbandon, LedgerEntry, LedgerJobDefinition, LedgerRedelivery, LedgerView } from './ledger';
import type { DetailedPlan, PlannedItem } from './plan';
import { redeliveredHeaders } from './provenance';
import { findClaimedInTargets } from './recovery';
import { TokenBucket } from './tokenBucket';

export { JobRefused } from './jobRefusal';

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
  /** Called whenever the status may have changed (a batch moved, a state, a confirmation round). */
  onProgress?: (status: RedeliveryJobStatus) => void;
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
  /** Items this run moved or recovered: the only ones its confirmed / failed again / waiting count. */
  private readonly own = new Set<string>();
  private readonly selfPause: SelfPause;
  private phase: 'running' | 'confirming' = 'running';

  constructor(
    private readonly options: JobOptions,
    readonly definition: LedgerJobDefinition,
    detailed: DetailedPlan,
  ) {
    this.allItems = detailed.items;
    this.eligible = detailed.items.filter((i) => !i.skip);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.sleep = options.sleep ?? ((ms) => sleepMs(ms));
    const pauseAfter = definition.pauseAfterFailures ?? DEFAULT_PAUSE_AFTER_FAILURES;
    this.selfPause = new SelfPause(
      {
        records: options.records,
        map: options.map,
        ledger: options.ledger,
        now: options.now,
        definition,
        stage: this.eligible[0]?.stage,
        status: () => this.status,
        phase: () => this.phase,
        cancelled: () => this.cancelled,
        own: this.own,
        results: this.results,
        account: (outcomes, failures) => this.account(outcomes, failures),
        notify: () => this.notify(),
      },
      pauseAfter,
    );
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
      failedAgain: 0,
      waiting: 0,
      unconfirmable: 0,
      failures: [],
      pauseAfterFailures: pauseAfter,
      startedAt: options.now(),
    };
  }

  cancel(): void {
    this.cancelled = true;
  }

  get paused(): boolean {
    return this.selfPause.paused;
  }

  /** A person resumes a job that paused itself: audited, and failures count again from here. */
  resume(who: string): Promise<void> {
    return this.selfPause.resume(who);
  }

  private notify(): void {
    this.options.onProgress?.(this.status);
  }

  async run(): Promise<void> {
    try {
      await this.move();
      if (this.cancelled) {
        this.status.state = 'cancelled';
        return;
      }
      this.phase = 'confirming';
      if (!this.paused) this.status.state = 'confirming';
      this.notify();
      await this.confirm();
      this.status.state = this.cancelled ? 'cancelled' : 'done';
    } catch (error) {
      this.status.state = error instanceof SimulatedCrash ? 'crashed' : 'failed';
      this.status.error = error instanceof Error ? error.message : String(error);
      if (error instanceof JobRefused) {
        this.status.errorReason = 'not-authorized';
        await auditRefusal(this.options, this.definition, error);
        return;
      }
      if (!(error instanceof SimulatedCrash)) throw error;
    } finally {
      this.status.finishedAt = this.options.now();
      this.notify();
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
      await this.selfPause.watch();
      if (this.paused) {
        // Paused: move nothing, keep counting what fails again, until a person resumes or cancels.
        await this.sleep(250);
        continue;
      }
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
      this.notify();
    }
  }

  /** Returns the items to look at again later (held by another live job). */
  private async processBatch(batch: PlannedItem[]): Promise<PlannedItem[]> {
    const { ledger, records } = this.options;
    await ledger.catchUp();
    const now = this.options.now();

    // Steps 1-2: skip done records, verify expired claims.
    const { done, defer, toVerify, candidates } = triageClaims(
      batch,
      ledger,
      now,
      this.options.deadInstances,
    );
    for (const { item, result } of done) {
      this.results.set(key(item), result);
      this.status.skipped++;
    }
    const found = await findClaimedInTargets(
      records,
      toVerify.map((v) => v.claim),
    );
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
        this.own.add(key(item));
        this.status.recovered++;
        this.status.waiting++;
      } else {
        const abandon: LedgerAbandon = {
          type: 'abandon',
          claimId: claim.claimId,
          by: this.definition.who,
          at: now,
          dlq: item.dlq,
        };
        preEntries.push(abandon);
      }
    }
    const toClaim = candidates.filter((i) => !recoveredItems.has(i));
    const claimer: Claimer = {
      jobId: this.definition.jobId,
      who: this.definition.who,
      instanceId: this.instanceId,
      leaseMs: this.leaseMs,
    };
    const claims = new Map<PlannedItem, ClaimWithInstance>(
      toClaim.map((item) => [item, newClaim(item, claimer, now)]),
    );
    // Abandons first, claims after: in each ledger partition the log order is the order written.
    await ledger.write([...preEntries, ...claims.values()]).catch((error: unknown) => {
      throw asJobStop(error, {
        action: `write to \`${ledger.topic}\``,
        needs: 'WRITE on the ledger topic',
        principal: this.definition.who,
      });
    });
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
    if (won.length > 0 && tooCloseToLeaseEnd(now, produceAt, this.leaseMs)) {
      // Too close to our own lease end: a verifier could soon take over. Give the records back.
      await ledger.write(giveBack(won, claims, this.definition.who, produceAt));
      return [...defer, ...won];
    }

    // Step 4: produce, then record.
    const produced = await produceOrGiveBack(
      this.options,
      this.definition.who,
      won,
      claims,
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
    this.status.waiting += won.length;
    for (const item of won) this.own.add(key(item));
    if (this.options.faults?.afterTargetProduce?.(this.status.moved))
      throw new SimulatedCrash(`simulated crash after ${this.status.moved} records reached the target`);
    const results = won.map((item, i) =>
      this.resultEntry(
        item,
        claims.get(item)!.claimId,
        this.definition.jobId,
        this.definition.who,
        produceAt,
        produced[i]!.offset,
        false,
      ),
    );
    await ledger.write(results);
    for (const [i, item] of won.entries()) this.results.set(key(item), results[i]!);
    return defer;
  }

  private resultEntry(
    item: PlannedItem,
    redeliveryId: string,
    jobId: string,
    who: string,
    at: number,
    targetOffset: string,
    recovered: boolean,
  ): LedgerRedelivery {
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

  private account(
    outcomes: ReadonlyMap<string, RedeliveryOutcome>,
    failures: ReadonlyMap<string, RedeliveryFailure>,
  ): void {
    // Counts only what this run moved (own): confirmed ≤ moved + recovered, whatever the ledger holds.
    Object.assign(this.status, tallyJob(this.own, outcomes));
    this.status.failures = [...failures]
      .filter(([k]) => this.own.has(k))
      .map(([, f]) => f)
      .sort((a, b) => b.at - a.at)
      .slice(0, 20);
    this.notify();
  }

  /** Closed loop: watch each stage's outcome topic (or its group's committed offset) until done or timeout. */
  private async confirm(): Promise<void> {
    // Records redelivered before this job (by anyone) belong to the summary too.
    const tracked = this.allItems.filter((i) => !i.skip || i.skip === 'already-redelivered');
    await confirmRedeliveries(
      {
        records: this.options.records,
        map: this.options.map,
        ledger: this.options.ledger,
        now: this.options.now,
        sleep: this.sleep,
        intervalMs: this.options.confirm?.intervalMs ?? 2000,
        timeoutMs: this.options.confirm?.timeoutMs ?? 10 * 60_000,
        isCancelled: () => this.cancelled,
        onProgress: (outcomes, failures) => {
          this.account(outcomes, failures);
          this.selfPause.checkInTurn();
        },
      },
      tracked,
      this.results,
    );
    await this.selfPause.settled();
  }
}
