// Claims and leases: a job claims a dead letter before producing it; the first live claim in the ledger's
// log order owns the record, and a claim whose lease ran out (or whose holder is known dead) can be taken over.
import { randomUUID } from 'node:crypto';
import type { LedgerAbandon, LedgerClaim, LedgerRedelivery, LedgerView } from './ledger';
import type { PlannedItem } from './plan';

/** A claim that also names the job instance holding it (to recognise claims of a crashed job in this process). */
export interface ClaimWithInstance extends LedgerClaim {
  instanceId?: string;
}

export interface Claimer {
  jobId: string;
  who: string;
  instanceId: string;
  leaseMs: number;
}

export function claimIsDead(
  claim: ClaimWithInstance,
  now: number,
  deadInstances?: ReadonlySet<string>,
): boolean {
  return (
    claim.leaseUntil <= now ||
    (claim.instanceId !== undefined && (deadInstances?.has(claim.instanceId) ?? false))
  );
}

export interface ClaimTriage {
  /** Already redelivered (by anyone): nothing to do but remember the result. */
  done: Array<{ item: PlannedItem; result: LedgerRedelivery }>;
  /** Held by another live job: look again later. */
  defer: PlannedItem[];
  /** Expired claims to verify against the target topic before anyone claims again. */
  toVerify: Array<{ item: PlannedItem; claim: ClaimWithInstance }>;
  /** Items we may claim (unless verification finds their record already in the target). */
  candidates: PlannedItem[];
}

/** Sorts a batch by what the ledger (already caught up) says about each item. */
export function triageClaims(
  batch: readonly PlannedItem[],
  ledger: LedgerView,
  now: number,
  deadInstances?: ReadonlySet<string>,
): ClaimTriage {
  const triage: ClaimTriage = { done: [], defer: [], toVerify: [], candidates: [] };
  for (const item of batch) {
    const state = ledger.item(item.dlq);
    if (state?.result) {
      triage.done.push({ item, result: state.result });
      continue;
    }
    const live = state?.claims.filter((c) => !c.abandoned).map((c) => c.claim as ClaimWithInstance) ?? [];
    const firstLive = live.find((c) => !claimIsDead(c, now, deadInstances));
    const expired = live.filter((c) => claimIsDead(c, now, deadInstances));
    if (firstLive && (expired.length === 0 || live.indexOf(firstLive) < live.indexOf(expired[0]!))) {
      triage.defer.push(item);
      continue;
    }
    for (const claim of expired) triage.toVerify.push({ item, claim });
    triage.candidates.push(item);
  }
  return triage;
}

export function newClaim(item: PlannedItem, claimer: Claimer, now: number): ClaimWithInstance {
  return {
    type: 'claim',
    claimId: randomUUID(),
    jobId: claimer.jobId,
    who: claimer.who,
    at: now,
    leaseUntil: now + claimer.leaseMs,
    dlq: item.dlq,
    targetTopic: item.targetTopic!,
    targetPartition: item.targetPartition,
    instanceId: claimer.instanceId,
  };
}

/** A claimer never produces in the last quarter of its lease: a verifier could soon take the record over. */
export function tooCloseToLeaseEnd(claimedAt: number, produceAt: number, leaseMs: number): boolean {
  return produceAt > claimedAt + (leaseMs * 3) / 4;
}

/** Abandons of our own claims on these items: gives their records back for another job to take. */
export function giveBack(
  items: readonly PlannedItem[],
  claims: ReadonlyMap<PlannedItem, LedgerClaim>,
  by: string,
  at: number,
): LedgerAbandon[] {
  return items.map((item) => ({
    type: 'abandon',
    claimId: claims.get(item)!.claimId,
    by,
    at,
    dlq: item.dlq,
  }));
}
