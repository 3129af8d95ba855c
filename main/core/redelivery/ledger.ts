// The team-wide redelivery ledger: a compacted topic every console reads and writes. It is also the lock:
// for one DLQ record, all ledger entries live in one partition, so the log order decides which claim won
// when two jobs (two consoles, or a crashed job and its resumption) reach for the same record.
import { partitionForKey } from '../../../shared/partitioner';
import type { RefusalAuditEntry } from '../../../shared/audit';
import type { RevealAuditEntry } from '../../../shared/privacy';
import { coordinatesKey, type DlqCoordinates, type RedeliverySelection } from '../../../shared/redelivery';
import type { KafkaRecord, ProduceRecord, RecordPort } from '../kafka/recordPort';
import { bytesToId } from '../records/recordFields';
import { TopicFollower } from '../records/topicFollower';

export const LEDGER_PARTITIONS = 3;

export interface LedgerClaim {
  type: 'claim';
  claimId: string;
  jobId: string;
  who: string;
  at: number;
  /** The claimer produces only before this time; after it, others may verify and take over. */
  leaseUntil: number;
  dlq: DlqCoordinates;
  targetTopic: string;
  targetPartition: number;
}

export interface LedgerAbandon {
  type: 'abandon';
  claimId: string;
  /** Who found the claim expired and its record absent from the target. */
  by: string;
  at: number;
  dlq: DlqCoordinates;
}

/** The result entry of one redelivered DLQ record in the ledger topic (the audit view is built from it). */
export interface LedgerRedelivery {
  type: 'redelivery';
  redeliveryId: string;
  jobId: string;
  who: string;
  /** Epoch ms when the record was produced to the target. */
  at: number;
  why: string;
  dlq: DlqCoordinates;
  paymentId: string | null;
  ceId: string | null;
  stage: string | null;
  targetTopic: string;
  targetPartition: number;
  targetOffset: string | null;
  redeliveryCount: number;
  /** redelivered: produced to the target; confirmed: the stage finished it afterwards. */
  result: 'redelivered' | 'confirmed';
  confirmedAt?: number;
  /** True when a later job found the record in the target after its first job crashed, and recorded it. */
  recovered?: boolean;
  /** Set when a person started the job despite the health gate. */
  healthOverride?: string;
}

/** The job as written to the ledger when it starts, so any console can resume it after a crash. */
export interface LedgerJobDefinition {
  type: 'job';
  jobId: string;
  who: string;
  at: number;
  why: string;
  dlqTopic: string;
  selection: RedeliverySelection;
  ratePerSecond: number;
  confirmTopic?: string;
  overrideHealth?: boolean;
  pauseAfterFailures?: number;
}

/**
 * A decision about the redelivery gate, audited: a person started a job although the gate said the stage
 * was failing (override, with their reason), or a job paused itself because its records failed again
 * (pause), or a person resumed a paused job (resume).
 */
export interface LedgerGateEvent {
  type: 'gate';
  event: 'override' | 'pause' | 'resume';
  eventId: string;
  jobId: string;
  who: string;
  at: number;
  dlqTopic: string;
  /** The person's reason (override), or the job's own sentence (pause). */
  reason: string;
  /** What the gate or the job saw: "Still failing: …", "paused: 6 of 12 moved failed again (…)". */
  evidence: string;
}

/** An audited read: a person saw one record's personal data unmasked (written by the privacy domain). */
export interface LedgerReveal extends RevealAuditEntry {
  type: 'reveal';
}

/** A write the broker refused (recordedIn is 'ledger' once it is in the topic). */
export interface LedgerRefusal extends Omit<RefusalAuditEntry, 'recordedIn'> {
  type: 'refusal';
}

export type LedgerEntry =
  | LedgerClaim
  | LedgerAbandon
  | LedgerRedelivery
  | LedgerJobDefinition
  | LedgerReveal
  | LedgerGateEvent
  | LedgerRefusal;

/** Key of the result entry of one DLQ record: `topic/partition/offset` (compaction keeps the latest). */
export const itemKey = coordinatesKey;

/** Ledger partition for every entry about one DLQ record (claims carry other keys, same partition). */
export function ledgerPartition(dlq: DlqCoordinates, partitions: number): number {
  return partitionForKey(itemKey(dlq), partitions);
}

export interface ItemLedgerState {
  claims: { claim: LedgerClaim; offset: bigint; abandoned: boolean }[];
  result?: LedgerRedelivery;
}

function parseEntry(record: KafkaRecord): LedgerEntry | null {
  if (record.value === null) return null; // a tombstone
  try {
    const parsed = JSON.parse(bytesToId(record.value)) as { type?: unknown };
    if (
      parsed.type === 'claim' ||
      parsed.type === 'abandon' ||
      parsed.type === 'redelivery' ||
      parsed.type === 'job' ||
      parsed.type === 'reveal' ||
      parsed.type === 'gate' ||
      parsed.type === 'refusal'
    )
      return parsed as LedgerEntry;
  } catch {
    // Not ours (someone wrote to the topic by hand): ignored, never fatal.
  }
  return null;
}

/** An incrementally caught-up view of the ledger topic. */
export class LedgerView {
  private readonly items = new Map<string, ItemLedgerState>();
  private readonly jobs = new Map<string, LedgerJobDefinition>();
  private readonly reveals: LedgerReveal[] = [];
  private readonly gateEvents: LedgerGateEvent[] = [];
  private readonly refusals: LedgerRefusal[] = [];
  /** Refusals the ledger itself refused to take: kept by this console only, for this run. */
  private readonly localRefusals: LedgerRefusal[] = [];
  private readonly follower: TopicFollower;

  constructor(
    private readonly records: RecordPort,
    readonly topic: string,
  ) {
    this.follower = new TopicFollower(records, topic);
  }

  get partitionCount(): number {
    return this.follower.partitionCount;
  }

  /** Creates the compacted topic if it does not exist yet. */
  async ensure(): Promise<void> {
    await this.records.ensureTopic(this.topic, { partitions: LEDGER_PARTITIONS, compacted: true });
  }

  /** Reads every entry written since the last catch-up (up to the current high watermarks). */
  catchUp(signal?: AbortSignal): Promise<void> {
    return this.follower.readNew((record) => this.apply(record), signal);
  }

  private apply(record: KafkaRecord): void {
    const offset = BigInt(record.offset);
    const entry = parseEntry(record);
    if (!entry) return;
    if (entry.type === 'job') {
      this.jobs.set(entry.jobId, entry);
      return;
    }
    if (entry.type === 'reveal') {
      this.reveals.push(entry);
      return;
    }
    if (entry.type === 'gate') {
      this.gateEvents.push(entry);
      return;
    }
    if (entry.type === 'refusal') {
      this.refusals.push(entry);
      return;
    }
    const key = itemKey(entry.dlq);
    const state = this.items.get(key) ?? { claims: [] };
    this.items.set(key, state);
    if (entry.type === 'claim') state.claims.push({ claim: entry, offset, abandoned: false });
    else if (entry.type === 'abandon') {
      const c = state.claims.find((x) => x.claim.claimId === entry.claimId);
      if (c) c.abandoned = true;
    } else if (!state.result || state.result.result !== 'confirmed' || entry.result === 'confirmed')
      state.result = entry;
  }

  item(dlq: DlqCoordinates): ItemLedgerState | undefined {
    return this.items.get(itemKey(dlq));
  }

  /** A copy of the items of one DLQ topic, by itemKey (what a plan in the engine worker looks up). */
  itemsOf(dlqTopic: string): Map<string, ItemLedgerState> {
    const out = new Map<string, ItemLedgerState>();
    // Keys are topic/partition/offset and topic names cannot contain a slash.
    const prefix = `${dlqTopic}/`;
    for (const [key, state] of this.items) if (key.startsWith(prefix)) out.set(key, state);
    return out;
  }

  /** The claim that owns the record now: the first claim in log order that was not abandoned. */
  owner(dlq: DlqCoordinates): LedgerClaim | undefined {
    return this.items.get(itemKey(dlq))?.claims.find((c) => !c.abandoned)?.claim;
  }

  job(jobId: string): LedgerJobDefinition | undefined {
    return this.jobs.get(jobId);
  }

  allJobs(): LedgerJobDefinition[] {
    return [...this.jobs.values()];
  }

  allReveals(): readonly LedgerReveal[] {
    return this.reveals;
  }

  allGateEvents(): readonly LedgerGateEvent[] {
    return this.gateEvents;
  }

  /** Refusals in the ledger, then those only this console kept (the ledger refused them too). */
  allRefusals(): RefusalAuditEntry[] {
    const strip = ({ type: _type, ...view }: LedgerRefusal) => view;
    return [
      ...this.refusals.map((r) => ({ ...strip(r), recordedIn: 'ledger' as const })),
      ...this.localRefusals
        .filter((l) => !this.refusals.some((r) => r.refusalId === l.refusalId))
        .map((r) => ({ ...strip(r), recordedIn: 'console' as const })),
    ];
  }

  /** Audits a refused write: in the ledger when the principal may write it, else in this console's memory. */
  async recordRefusal(entry: LedgerRefusal): Promise<void> {
    try {
      await this.write([entry]);
    } catch {
      this.localRefusals.push(entry);
    }
  }

  allRedeliveries(): LedgerRedelivery[] {
    const out: LedgerRedelivery[] = [];
    for (const s of this.items.values()) if (s.result) out.push(s.result);
    return out;
  }

  /** The produce record for an entry: in the partition of its DLQ record, so log order is comparable. */
  entryRecord(entry: LedgerEntry): ProduceRecord {
    const partitions = Math.max(1, this.follower.partitionCount);
    if (
      entry.type === 'job' ||
      entry.type === 'reveal' ||
      entry.type === 'gate' ||
      entry.type === 'refusal'
    ) {
      const key =
        entry.type === 'job'
          ? `job/${entry.jobId}`
          : entry.type === 'reveal'
            ? `reveal/${entry.revealId}`
            : entry.type === 'gate'
              ? `gate/${entry.eventId}`
              : `refusal/${entry.refusalId}`;
      return {
        topic: this.topic,
        partition: partitionForKey(key, partitions),
        key,
        value: JSON.stringify(entry),
      };
    }
    const base = itemKey(entry.dlq);
    // Claims and abandons get their own keys so compaction does not erase the claim history a verifier needs.
    const key = entry.type === 'redelivery' ? base : `${base}#${entry.type}/${entry.claimId}`;
    return {
      topic: this.topic,
      partition: ledgerPartition(entry.dlq, partitions),
      key,
      value: JSON.stringify(entry),
    };
  }

  async write(entries: LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (this.partitionCount === 0) await this.catchUp();
    await this.records.produce(entries.map((e) => this.entryRecord(e)));
  }
}
