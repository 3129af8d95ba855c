// What the stage topics say about payments, kept compactly: every payment id is interned once to an
// index, and per-stage evidence lives in growable typed arrays (no object per record), so a window of a
// million payments costs tens of megabytes, not gigabytes.
import { STAGE_STATES, type StageState, type StageStatus } from '../../../shared/payments';

const FLAG_OUTCOME = 1;
const FLAG_RETRY = 2;
const FLAG_DLQ = 4;
const FLAG_REDELIVERED = 8;
const FLAG_REDELIVERY_CONSUMED = 16;
const FLAG_RETRY_CONSUMED = 32;

class GrowableArray<T extends Uint8Array | Int32Array | Float64Array> {
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  ensure(index: number): void {
    if (index < this.data.length) return;
    let size = this.data.length || 1024;
    while (size <= index) size *= 2;
    const next = this.make(size);
    next.set(this.data);
    this.data = next;
  }
}

class StageEvidence {
  readonly flags = new GrowableArray(new Uint8Array(0), (n) => new Uint8Array(n));
  /** Time of the latest DLQ / retry / redelivery evidence, epoch ms. */
  readonly dlqAt = new GrowableArray(new Float64Array(0), (n) => new Float64Array(n));
  readonly retryAt = new GrowableArray(new Float64Array(0), (n) => new Float64Array(n));
  readonly redeliveredAt = new GrowableArray(new Float64Array(0), (n) => new Float64Array(n));
  /** Index into the reason table (+1; 0 = none). */
  readonly reason = new GrowableArray(new Int32Array(0), (n) => new Int32Array(n));
  /** Highest retry tier seen (1-based). */
  readonly retryTier = new GrowableArray(new Uint8Array(0), (n) => new Uint8Array(n));
  /** The latest retry record's error (reason table index + 1; 0 = none) and when the stage tries it next. */
  readonly retryReason = new GrowableArray(new Int32Array(0), (n) => new Int32Array(n));
  readonly retryDue = new GrowableArray(new Float64Array(0), (n) => new Float64Array(n));

  mark(index: number, flag: number): void {
    this.flags.ensure(index);
    this.flags.data[index]! |= flag;
  }
  flagsOf(index: number): number {
    return index < this.flags.data.length ? this.flags.data[index]! : 0;
  }
  setTime(array: GrowableArray<Float64Array>, index: number, at: number): void {
    array.ensure(index);
    if (at > array.data[index]!) array.data[index] = at;
  }
  timeOf(array: GrowableArray<Float64Array>, index: number): number {
    return index < array.data.length ? array.data[index]! : 0;
  }
}

export interface StageRules {
  name: string;
  slaMs: number;
  hasOutcomeTopic: boolean;
}

export class PaymentEvidence {
  private readonly ids = new Map<string, number>();
  private readonly stages: StageEvidence[];
  private readonly reasons: string[] = [];
  private readonly reasonIndex = new Map<string, number>();

  /** Shared, reason-less statuses for counting a million events without allocating per event. */
  private readonly bare: Record<StageState, StageStatus>[];

  constructor(readonly rules: readonly StageRules[]) {
    this.stages = rules.map(() => new StageEvidence());
    this.bare = rules.map(
      (r) =>
        Object.fromEntries(
          STAGE_STATES.map((state) => [state, Object.freeze({ stage: r.name, state })]),
        ) as Record<StageState, StageStatus>,
    );
  }

  get paymentCount(): number {
    return this.ids.size;
  }

  private intern(paymentId: string): number {
    let index = this.ids.get(paymentId);
    if (index === undefined) {
      index = this.ids.size;
      this.ids.set(paymentId, index);
    }
    return index;
  }

  private internReason(reason: string): number {
    let index = this.reasonIndex.get(reason);
    if (index === undefined) {
      // Messages normally repeat (one per error kind); cap the table so a flood of unique ones stays bounded.
      if (this.reasons.length >= 50_000) return 0;
      index = this.reasons.length + 1;
      this.reasons.push(reason);
      this.reasonIndex.set(reason, index);
    }
    return index;
  }

  addOutcome(stage: number, paymentId: string): void {
    this.stages[stage]!.mark(this.intern(paymentId), FLAG_OUTCOME);
  }

  addRetry(
    stage: number,
    paymentId: string,
    at: number,
    tier: number,
    consumed: boolean,
    latest: { error: string | null; nextAttemptAt: number } | null = null,
  ): void {
    const s = this.stages[stage]!;
    const i = this.intern(paymentId);
    s.mark(i, FLAG_RETRY);
    // A later retry record that was not consumed yet makes the payment "retrying" again.
    if (at >= s.timeOf(s.retryAt, i)) {
      s.flags.data[i] = consumed
        ? s.flags.data[i]! | FLAG_RETRY_CONSUMED
        : s.flags.data[i]! & ~FLAG_RETRY_CONSUMED;
      if (latest) {
        s.retryReason.ensure(i);
        s.retryReason.data[i] = latest.error === null ? 0 : this.internReason(latest.error);
        s.retryDue.ensure(i);
        s.retryDue.data[i] = latest.nextAttemptAt;
      }
    }
    s.setTime(s.retryAt, i, at);
    s.retryTier.ensure(i);
    if (tier > s.retryTier.data[i]!) s.retryTier.data[i] = Math.min(tier, 255);
  }

  addDeadLetter(stage: number, paymentId: string, at: number, reason: string | null): void {
    const s = this.stages[stage]!;
    const i = this.intern(paymentId);
    s.mark(i, FLAG_DLQ);
    if (at >= s.timeOf(s.dlqAt, i)) {
      s.setTime(s.dlqAt, i, at);
      s.reason.ensure(i);
      s.reason.data[i] = reason === null ? 0 : this.internReason(reason);
    }
  }

  addRedelivery(stage: number, paymentId: string, at: number, consumed: boolean): void {
    const s = this.stages[stage]!;
    const i = this.intern(paymentId);
    s.mark(i, FLAG_REDELIVERED);
    if (at >= s.timeOf(s.redeliveredAt, i)) {
      s.setTime(s.redeliveredAt, i, at);
      s.flags.data[i] = consumed
        ? s.flags.data[i]! | FLAG_REDELIVERY_CONSUMED
        : s.flags.data[i]! & ~FLAG_REDELIVERY_CONSUMED;
    }
  }

  /**
   * One stage's state for one source event. Precedence: an outcome proves completion; a dead letter newer
   * than the last redelivery is what blocks the payment; a redelivery is pending until its record is
   * consumed; a retry record not yet consumed is retrying; otherwise the group's committed offset past the
   * event means it was processed; otherwise the SLA decides pending vs late.
   */
  classify(
    stage: number,
    paymentId: string,
    eventTime: number,
    eventOffset: bigint,
    committed: bigint | undefined,
    now: number,
    detail = true,
  ): StageStatus {
    const rule = this.rules[stage]!;
    const bare = this.bare[stage]!;
    const s = this.stages[stage]!;
    const index = this.ids.get(paymentId);
    const flags = index === undefined ? 0 : s.flagsOf(index);
    if (flags & FLAG_OUTCOME)
      return detail ? { stage: rule.name, state: 'done', reason: 'outcome event seen' } : bare.done;
    if (index !== undefined && flags & FLAG_DLQ) {
      const dlqAt = s.timeOf(s.dlqAt, index);
      const redeliveredAt = flags & FLAG_REDELIVERED ? s.timeOf(s.redeliveredAt, index) : 0;
      if (dlqAt > redeliveredAt) {
        if (!detail) return bare['dead-lettered'];
        const reasonIndex = index < s.reason.data.length ? s.reason.data[index]! : 0;
        return {
          stage: rule.name,
          state: 'dead-lettered',
          reason:
            reasonIndex > 0
              ? this.reasons[reasonIndex - 1]!
              : 'dead-lettered (no error message in the headers)',
          at: dlqAt,
        };
      }
    }
    if (index !== undefined && flags & FLAG_REDELIVERED) {
      const at = s.timeOf(s.redeliveredAt, index);
      if (!detail)
        return flags & FLAG_REDELIVERY_CONSUMED && !rule.hasOutcomeTopic ? bare.done : bare.redelivered;
      if (flags & FLAG_REDELIVERY_CONSUMED && !rule.hasOutcomeTopic)
        return { stage: rule.name, state: 'done', reason: 'redelivered record consumed by the stage', at };
      return {
        stage: rule.name,
        state: 'redelivered',
        reason:
          flags & FLAG_REDELIVERY_CONSUMED
            ? 'redelivered and consumed; waiting for the outcome event'
            : 'redelivered; not consumed yet',
        at,
      };
    }
    if (index !== undefined && flags & FLAG_RETRY && !(flags & FLAG_RETRY_CONSUMED)) {
      if (!detail) return bare.retrying;
      const tier = index < s.retryTier.data.length ? s.retryTier.data[index]! : 0;
      const reasonIndex = index < s.retryReason.data.length ? s.retryReason.data[index]! : 0;
      const due = s.timeOf(s.retryDue, index);
      return {
        stage: rule.name,
        state: 'retrying',
        reason:
          reasonIndex > 0 ? `retry tier ${tier}: ${this.reasons[reasonIndex - 1]!}` : `in retry tier ${tier}`,
        at: s.timeOf(s.retryAt, index),
        ...(due > 0 ? { nextAttemptAt: due } : {}),
      };
    }
    if (committed !== undefined && committed > eventOffset) {
      // Without an outcome topic, the committed offset is the only proof; with one, it still is when the
      // retry chain is clean (the outcome may be older than the window we read).
      if (!detail) return bare.done;
      return { stage: rule.name, state: 'done', reason: 'consumer group committed past the event' };
    }
    const age = now - eventTime;
    if (!detail) return age > rule.slaMs ? bare.late : bare.pending;
    return age > rule.slaMs
      ? {
          stage: rule.name,
          state: 'late',
          reason: `not consumed ${Math.round(age / 1000)} s after the event (SLA ${Math.round(rule.slaMs / 1000)} s)`,
        }
      : { stage: rule.name, state: 'pending', reason: 'within SLA' };
  }
}
