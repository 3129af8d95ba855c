// Stuck payments: for the source events in a time window, each stage's state with age and reason.
// Evidence topics are read first into compact per-stage arrays; the source window is then streamed and
// classified event by event, keeping only counts and the (capped) rows that match the filters.
import type { CorrelationKey, PipelineMap } from '../../../shared/pipelineMap';
import {
  STAGE_STATES,
  type StageState,
  type StuckPaymentRow,
  type StuckPaymentsQuery,
  type StuckPaymentsResult,
} from '../../../shared/payments';
import type { KafkaRecord, RecordPort, RecordProjection, TopicRanges } from '../kafka/recordPort';
import { invalidInput } from '../appFailure';
import { PaymentEvidence } from './stageEvidence';
import { ceIdOf, correlationIdOf, errorOf } from '../records/recordFields';
import { committedMap } from '../records/committedOffsets';
import { nextAttemptAt, retryHeaderNames } from '../records/retryRecord';
import { stageTopics, type RoleTopic } from '../records/roleTopics';

/** Stage events may be stamped a little before the source event they answer (clock skew between hosts). */
const EVIDENCE_SKEW_MS = 5 * 60_000;
const DEFAULT_WINDOW_MS = 60 * 60_000;
const DEFAULT_LIMIT = 500;

export interface StuckPaymentsDeps {
  records: RecordPort;
  map: PipelineMap;
  now: () => number;
  signal?: AbortSignal;
}

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

async function rangesFromTime(
  records: RecordPort,
  topic: string,
  fromMs: number,
  toMs?: number,
): Promise<TopicRanges | null> {
  const marks = await records.watermarks(topic);
  if (marks.length === 0) return null;
  const starts = await records.offsetsForTime(topic, fromMs);
  const ends = toMs === undefined ? null : await records.offsetsForTime(topic, toMs + 1);
  return {
    topic,
    ranges: marks.map((m) => ({
      partition: m.partition,
      from: starts.find((s) => s.partition === m.partition)?.offset ?? m.low,
      to: ends?.find((e) => e.partition === m.partition)?.offset ?? m.high,
    })),
  };
}

/** Only what the classification reads: the correlation id's source, plus the given headers. */
function projectionFor(key: CorrelationKey, headers: 'all' | string[]): RecordProjection {
  return {
    values: key.from === 'json',
    headers: headers === 'all' ? 'all' : key.from === 'header' ? [...headers, key.name] : headers,
  };
}

/** Reads every stage topic from `since` and records what it proves about each payment. */
export async function gatherEvidence(deps: StuckPaymentsDeps, sinceMs: number): Promise<PaymentEvidence> {
  const { records, map } = deps;
  const evidence = new PaymentEvidence(
    map.stages.map((s) => ({ name: s.name, slaMs: s.slaMs, hasOutcomeTopic: s.outcomeTopic !== undefined })),
  );
  const roles = stageTopics(map);
  const byTopic = new Map<string, RoleTopic>(roles.map((r) => [r.topic, r]));
  // The stage group's commits on its retry and redelivery topics tell whether those records were consumed.
  const consumedBy = new Map<string, Map<number, bigint>>();
  await Promise.all(
    roles
      .filter((r) => r.kind === 'retry' || r.kind === 'redelivery')
      .map(async (r) =>
        consumedBy.set(r.topic, await committedMap(records, map.stages[r.stage]!.consumerGroup, r.topic)),
      ),
  );
  const requests = (await Promise.all(roles.map((r) => rangesFromTime(records, r.topic, sinceMs)))).filter(
    (r): r is TopicRanges => r !== null,
  );
  // Outcome and redelivery records count by id, time and offset; retry records add their error and due time;
  // only DLQ records need all their headers.
  const lean = projectionFor(map.correlationKey, []);
  const retry = projectionFor(map.correlationKey, retryHeaderNames);
  const deadLetter = projectionFor(map.correlationKey, 'all');
  await records.read(requests, {
    signal: deps.signal,
    projection: (topic) => {
      const kind = byTopic.get(topic)?.kind;
      return kind === 'dlq' ? deadLetter : kind === 'retry' ? retry : lean;
    },
    onBatch: (batch: KafkaRecord[]) => {
      const role = byTopic.get(batch[0]!.topic)!;
      for (const record of batch) {
        const paymentId = correlationIdOf(record, map.correlationKey);
        if (paymentId === null) continue;
        switch (role.kind) {
          case 'outcome':
            evidence.addOutcome(role.stage, paymentId);
            break;
          case 'retry': {
            const committed = consumedBy.get(role.topic)?.get(record.partition);
            evidence.addRetry(
              role.stage,
              paymentId,
              record.timestamp,
              role.tier ?? 1,
              committed !== undefined && committed > BigInt(record.offset),
              { error: errorOf(record), nextAttemptAt: nextAttemptAt(record, role.tier ?? 1) },
            );
            break;
          }
          case 'dlq':
            evidence.addDeadLetter(role.stage, paymentId, record.timestamp, errorOf(record));
            break;
          case 'redelivery': {
            const committed = consumedBy.get(role.topic)?.get(record.partition);
            evidence.addRedelivery(
              role.stage,
              paymentId,
              record.timestamp,
              committed !== undefined && committed > BigInt(record.offset),
            );
            break;
          }
          default:
            break;
        }
      }
    },
  });
  return evidence;
}

export async function computeStuckPayments(
  deps: StuckPaymentsDeps,
  query: StuckPaymentsQuery,
): Promise<StuckPaymentsResult> {
  const started = Date.now();
  const { records, map } = deps;
  const now = deps.now();
  const to = query.to ?? now;
  const from = query.from ?? to - DEFAULT_WINDOW_MS;
  if (from > to) throw invalidInput('the window starts after it ends ("from" is later than "to")');

  const evidence = await gatherEvidence(deps, from - EVIDENCE_SKEW_MS);
  const committed = await Promise.all(
    map.stages.map((s) => committedMap(records, s.consumerGroup, map.sourceTopic)),
  );
  const accumulator = new StuckPaymentsAccumulator(map, evidence, committed, query, now);
  const source = await rangesFromTime(records, map.sourceTopic, from, to);
  if (source) {
    const sourceProjection = projectionFor(map.correlationKey, ['ce_id']);
    await records.read([source], {
      signal: deps.signal,
      projection: () => sourceProjection,
      onBatch: (batch) => {
        for (const record of batch) {
          if (record.timestamp < from || record.timestamp > to) continue;
          const paymentId = correlationIdOf(record, map.correlationKey);
          if (paymentId === null) continue;
          accumulator.addEvent(paymentId, ceIdOf(record), record.partition, record.offset, record.timestamp);
        }
      },
    });
  }
  return accumulator.result(from, to, Date.now() - started);
}
