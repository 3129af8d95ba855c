// The classification of source events, one at a time: per-stage counts, and the (capped) rows that match
// the filters. Shared by the evidence-based view and the full read.
import type { PipelineMap } from '../../../shared/pipelineMap';
import {
  STAGE_STATES,
  type StageState,
  type StuckPaymentRow,
  type StuckPaymentsQuery,
  type StuckPaymentsResult,
} from '../../../shared/payments';
import { invalidInput } from '../appFailure';
import type { PaymentEvidence } from './stageEvidence';

/** Stage events may be stamped a little before the source event they answer (clock skew between hosts). */
export const EVIDENCE_SKEW_MS = 5 * 60_000;
const DEFAULT_LIMIT = 500;

/** Streams source events through the classification; memory is the evidence plus at most 2×limit rows. */
export class StuckPaymentsAccumulator {
  readonly counts: Record<string, Record<StageState, number>> = {};
  events = 0;
  stuck = 0;
  matched = 0;
  private rows: StuckPaymentRow[] = [];
  private readonly stageFilter: number;
  private readonly limit: number;

  constructor(
    private readonly map: PipelineMap,
    private readonly evidence: PaymentEvidence,
    /** Per stage: the group's committed offsets on the source topic. */
    private readonly committed: Map<number, bigint>[],
    private readonly query: StuckPaymentsQuery,
    private readonly now: number,
  ) {
    for (const s of map.stages)
      this.counts[s.name] = Object.fromEntries(STAGE_STATES.map((st) => [st, 0])) as Record<
        StageState,
        number
      >;
    this.stageFilter = query.stage === undefined ? -1 : map.stages.findIndex((s) => s.name === query.stage);
    if (query.stage !== undefined && this.stageFilter < 0)
      throw invalidInput(`stage "${query.stage}" is not in the pipeline map`);
    this.limit = query.limit ?? DEFAULT_LIMIT;
  }

  addEvent(
    paymentId: string,
    ceId: string | null,
    partition: number,
    offset: string,
    eventTime: number,
  ): void {
    this.events++;
    const offsetBig = BigInt(offset);
    const stages = this.map.stages;
    let allDone = true;
    let matchesState = this.query.state === undefined;
    for (let i = 0; i < stages.length; i++) {
      const state = this.evidence.classify(
        i,
        paymentId,
        eventTime,
        offsetBig,
        this.committed[i]!.get(partition),
        this.now,
        false,
      ).state;
      this.counts[stages[i]!.name]![state]++;
      if (state !== 'done') allDone = false;
      if (!matchesState && (this.stageFilter < 0 || this.stageFilter === i) && state === this.query.state)
        matchesState = true;
    }
    if (!allDone) this.stuck++;
    if (!matchesState) return;
    if (this.query.state === undefined && allDone && !this.query.includeDone) return;
    if (this.query.state === undefined && this.stageFilter >= 0 && !this.query.includeDone) {
      // "Stuck at stage X": that stage must not be done.
      const st = this.evidence.classify(
        this.stageFilter,
        paymentId,
        eventTime,
        offsetBig,
        this.committed[this.stageFilter]!.get(partition),
        this.now,
        false,
      ).state;
      if (st === 'done') return;
    }
    const ageMs = this.now - eventTime;
    if (this.query.minAgeMs !== undefined && ageMs < this.query.minAgeMs) return;
    if (this.query.maxAgeMs !== undefined && ageMs > this.query.maxAgeMs) return;
    this.matched++;
    this.rows.push({
      paymentId,
      ceId,
      partition,
      offset,
      eventTime,
      ageMs,
      stages: stages.map((_, i) =>
        this.evidence.classify(
          i,
          paymentId,
          eventTime,
          offsetBig,
          this.committed[i]!.get(partition),
          this.now,
          true,
        ),
      ),
    });
    if (this.rows.length >= 2 * this.limit) this.trimRows();
  }

  /** Keeps the oldest `limit` rows. */
  private trimRows(): void {
    this.rows.sort((a, b) => a.eventTime - b.eventTime || a.partition - b.partition);
    this.rows.length = Math.min(this.rows.length, this.limit);
  }

  result(from: number, to: number, elapsedMs: number): StuckPaymentsResult {
    this.trimRows();
    return {
      from,
      to,
      events: this.events,
      stuck: this.stuck,
      counts: this.counts,
      rows: this.rows,
      matched: this.matched,
      truncated: this.matched > this.rows.length,
      elapsedMs,
    };
  }
}
