// Stuck payments from evidence, not history. Each stage's committed offset on the source topic splits the
// window: events at or past it are not consumed yet (read: the lag region), events before it were consumed
// and are done unless the payment is in that stage's retry, dead-letter or redelivery topics. So only the lag
// region and the failure chain are read; consumed events are counted from offsets; outcome topics are read
// from the oldest not-done event on, to confirm. The view keeps what is not done and, on the next call,
// reads only the records that arrived since (the new tail of every topic) and the moved commits.
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import type { KafkaRecord, RecordPort, RecordProjection } from '../kafka/recordPort';
import { ceIdOf, correlationIdOf } from '../records/recordFields';
import { committedMap } from '../records/committedOffsets';
import { stageTopics, type RoleTopic } from '../records/roleTopics';
import {
  buildEvidence,
  chainCommits,
  readChainRecord,
  type ChainRecord,
  type SourceHint,
} from './failureChain';
import {
  highWatermarks,
  offsetsAtIn,
  projectionFor,
  rangeRequest,
  rangeSize,
  readCounted,
  topicExists,
  readOffsets,
  wentBack,
  type Offsets,
  type ReadCounter,
} from './stuckReads';
import { EVIDENCE_SKEW_MS, StuckPaymentsAccumulator } from './stuckAccumulator';
import type { PaymentEvidence } from './stageEvidence';

interface Candidate {
  paymentId: string;
  ceId: string | null;
  partition: number;
  offset: bigint;
  eventTime: number;
}

/** More not-done events than this and the view gives up (the caller answers with the full read). */
export const DEFAULT_MAX_CANDIDATES = 200_000;

export class TooManyCandidates extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} events are not done`);
    this.name = 'TooManyCandidates';
  }
}

export interface AdvanceContext {
  records: RecordPort;
  now: number;
  signal?: AbortSignal;
  counter?: ReadCounter;
}

const key = (partition: number, offset: bigint) => `${partition}:${offset}`;
const minOf = (a: bigint | undefined, b: bigint) => (a === undefined || b < a ? b : a);

export class StuckView {
  private windowStart: Offsets = new Map();
  private sourceEnd: Offsets | null = null;
  /** Offsets inside read regions that count as no event (no payment id, or a time outside the window). */
  private readonly skipped = new Map<number, Set<bigint>>();
  private readonly candidates = new Map<string, Candidate>();
  private chain: ChainRecord[] = [];
  private readonly chainNext = new Map<string, Offsets>();
  private readonly hints = new Map<string, SourceHint[]>();
  private readonly outcomeIds: Set<string>[];
  private readonly outcomeNext: (Offsets | null)[];
  private committedSeen: Offsets[] = [];
  private readonly roles: RoleTopic[];
  private readonly chainRoles: RoleTopic[];
  /** Times the chain named a payment whose source event had to be searched for in the consumed region. */
  fullScans = 0;
  refreshes = 0;

  constructor(
    readonly map: PipelineMap,
    private from: number,
    /** A fixed window end, or undefined for a window that ends now. */
    readonly to: number | undefined,
    private readonly maxCandidates = DEFAULT_MAX_CANDIDATES,
  ) {
    this.roles = stageTopics(map);
    this.chainRoles = this.roles.filter(
      (r) => r.kind === 'retry' || r.kind === 'dlq' || r.kind === 'redelivery',
    );
    this.outcomeIds = map.stages.map(() => new Set());
    this.outcomeNext = map.stages.map(() => null);
  }

  get windowFrom(): number {
    return this.from;
  }

  /** False when the window cannot follow: it moved back, or a group's commits went back (a reset). */
  canFollow(from: number): boolean {
    return from >= this.from;
  }

  /**
   * Brings the view up to date and answers the query. Returns null when a group's commits went back, which
   * turns consumed events into unconsumed ones: the caller starts a new view.
   */
  async advance(
    ctx: AdvanceContext,
    query: StuckPaymentsQuery,
    from: number,
  ): Promise<StuckPaymentsResult | null> {
    const started = Date.now();
    const { records } = ctx;
    const map = this.map;
    const first = this.sourceEnd === null;
    const counter: ReadCounter = ctx.counter ?? { records: 0, bytes: 0 };
    const readBefore = { ...counter };
    this.from = from;
    const to = this.to ?? ctx.now;

    // The lookups go in three rounds, each asked at once (one batch of requests), in the order that keeps the
    // answer sound. First the outcome marks (an event appended after them has its outcome after them too:
    // see the outcome read) and which topics exist. Then the source's ends, the window start and the stages'
    // commits; the chain consumers' commits too: read before the chain, they can only call a chain record
    // not consumed yet, which the next refresh corrects. The chain's ends last: a stage writes a failure
    // before it commits past the event.
    const chainFrom = from - EVIDENCE_SKEW_MS;
    const newChainTopics = this.chainRoles.map((r) => r.topic).filter((t) => !this.chainNext.has(t));
    const [outcomeMarks, sourceExists, newChainExists] = await Promise.all([
      Promise.all(map.stages.map((s) => (s.outcomeTopic ? highWatermarks(records, s.outcomeTopic) : null))),
      topicExists(records, map.sourceTopic),
      Promise.all(newChainTopics.map((t) => topicExists(records, t))),
    ]);
    const [high, fixedEnd, start, committed, consumedBy, newChainStarts] = await Promise.all([
      highWatermarks(records, map.sourceTopic),
      this.to === undefined ? null : offsetsAtIn(records, map.sourceTopic, this.to + 1, sourceExists),
      offsetsAtIn(records, map.sourceTopic, from, sourceExists),
      Promise.all(map.stages.map((s) => committedMap(records, s.consumerGroup, map.sourceTopic))),
      chainCommits(records, map, this.roles),
      Promise.all(newChainTopics.map((t, i) => offsetsAtIn(records, t, chainFrom, newChainExists[i]!))),
    ]);
    const end = fixedEnd ?? high;
    for (const [p, h] of high) if (!end.has(p)) end.set(p, h);
    if (!first && wentBack(this.committedSeen, committed)) return null;
    this.windowStart = start;
    this.dropBefore(start);

    // The failure chain: new records since the last call, from the window start (less the skew) the first time.
    this.chain = this.chain.filter((c) => c.at >= chainFrom);
    const newFailures = new Set<string>();
    newChainTopics.forEach((t, i) => this.chainNext.set(t, newChainStarts[i]!));
    const chainEnds = new Map<string, Offsets>();
    await Promise.all(
      this.chainRoles.map(async (r) => chainEnds.set(r.topic, await highWatermarks(records, r.topic))),
    );
    const roleOf = new Map(this.chainRoles.map((r) => [r.topic, r]));
    await readCounted(
      records,
      this.chainRoles.map((r) =>
        rangeRequest(r.topic, this.chainNext.get(r.topic)!, chainEnds.get(r.topic)!),
      ),
      {
        signal: ctx.signal,
        counter,
        projection: (topic) => this.projection(roleOf.get(topic)?.kind === 'redelivery' ? [] : 'all'),
        onRecord: (record) => {
          const read = readChainRecord(record, roleOf.get(record.topic)!, map);
          if (!read) return;
          this.chain.push(read.entry);
          newFailures.add(read.entry.paymentId);
          if (read.hint) {
            const list = this.hints.get(read.entry.paymentId) ?? [];
            if (!list.some((h) => h.partition === read.hint!.partition && h.offset === read.hint!.offset))
              list.push(read.hint);
            this.hints.set(read.entry.paymentId, list);
          }
        },
      },
    );
    for (const [topic, ends] of chainEnds) this.chainNext.set(topic, ends);
    const failureIds = new Set(this.chain.map((c) => c.paymentId));
    for (const id of this.hints.keys()) if (!failureIds.has(id)) this.hints.delete(id);

    // The source: the lag region the first time, afterwards only what was appended since.
    const lagStart: Offsets = new Map();
    for (const [p, e] of end) {
      let lag: bigint | undefined;
      for (const c of committed) lag = minOf(lag, c.get(p) ?? start.get(p) ?? 0n);
      const s = start.get(p) ?? e;
      lagStart.set(p, lag === undefined || lag < s ? s : lag > e ? e : lag);
    }
    const regionEnd = first ? lagStart : new Map([...start, ...this.sourceEnd!]);
    const sourceProjection = this.projection(['ce_id']);
    const added: Candidate[] = [];
    const onSource = (record: KafkaRecord, keep: (id: string, offset: bigint) => boolean) => {
      const paymentId = correlationIdOf(record, map.correlationKey);
      const offset = BigInt(record.offset);
      if (paymentId === null || record.timestamp < from || record.timestamp > to) {
        const set = this.skipped.get(record.partition) ?? new Set<bigint>();
        set.add(offset);
        this.skipped.set(record.partition, set);
        return;
      }
      if (!keep(paymentId, offset)) return;
      this.addCandidate(
        { paymentId, ceId: ceIdOf(record), partition: record.partition, offset, eventTime: record.timestamp },
        added,
      );
    };
    // A partition added since the last call is read from the window start.
    const readFrom: Offsets = first ? lagStart : new Map([...start, ...this.sourceEnd!]);
    await readCounted(records, [rangeRequest(map.sourceTopic, readFrom, end)], {
      signal: ctx.signal,
      counter,
      projection: () => sourceProjection,
      onRecord: (record) =>
        onSource(
          record,
          (id, offset) => first || offset >= (lagStart.get(record.partition) ?? 0n) || failureIds.has(id),
        ),
    });

    // Failure-chain payments whose source event is in the consumed region: where the origin headers say it
    // is (taken as written when they give its time too, else read there to learn it), or, when no header
    // names one, searched for in the consumed region.
    const located: Candidate[] = [];
    const wanted = new Map<number, bigint[]>();
    const pending = new Set<string>();
    for (const id of newFailures) {
      pending.add(id);
      for (const h of this.hints.get(id) ?? []) {
        const s = start.get(h.partition);
        const e = regionEnd.get(h.partition);
        if (s === undefined || e === undefined || h.offset < s || h.offset >= e) continue;
        if (this.candidates.has(key(h.partition, h.offset))) continue;
        if (h.timestamp !== null) {
          if (h.timestamp >= from && h.timestamp <= to)
            this.addCandidate(
              {
                paymentId: id,
                ceId: h.ceId,
                partition: h.partition,
                offset: h.offset,
                eventTime: h.timestamp,
              },
              added,
            );
          continue;
        }
        const list = wanted.get(h.partition) ?? [];
        list.push(h.offset);
        wanted.set(h.partition, list);
      }
    }
    await readOffsets(records, map.sourceTopic, wanted, {
      signal: ctx.signal,
      counter,
      projection: sourceProjection,
      onRecord: (record) => onSource(record, (id) => pending.has(id)),
    });
    for (const c of this.candidates.values()) pending.delete(c.paymentId);
    if (pending.size > 0) {
      this.fullScans++;
      await readCounted(records, [rangeRequest(map.sourceTopic, start, regionEnd)], {
        signal: ctx.signal,
        counter,
        projection: () => sourceProjection,
        onRecord: (record) => {
          const id = correlationIdOf(record, map.correlationKey);
          if (id !== null && pending.has(id)) onSource(record, () => true);
        },
      });
    }
    for (const c of added) if (first || c.offset < (regionEnd.get(c.partition) ?? 0n)) located.push(c);
    this.sourceEnd = end;

    const chainOnly = buildEvidence(
      map,
      this.chain,
      map.stages.map(() => new Set()),
      consumedBy,
    );
    await this.readOutcomes(
      ctx,
      counter,
      committed,
      chainOnly,
      outcomeMarks,
      first ? [...this.candidates.values()] : located,
    );
    const evidence = buildEvidence(map, this.chain, this.outcomeIds, consumedBy);
    const result = this.answer(evidence, committed, query, ctx.now, from, to, end);
    this.prune(evidence, committed, failureIds, ctx.now);
    this.committedSeen = committed;
    if (!first) this.refreshes++;
    return {
      ...result,
      elapsedMs: Date.now() - started,
      engine: {
        mode: 'evidence',
        refresh: !first,
        recordsRead: counter.records - readBefore.records,
        bytesRead: counter.bytes - readBefore.bytes,
        notDoneHeld: this.candidates.size,
        sourceSearches: this.fullScans,
        ...(counter.maxRecords !== undefined && counter.maxBytes !== undefined
          ? { limits: { maxRecords: counter.maxRecords, maxBytes: counter.maxBytes } }
          : {}),
      },
    };
  }

  private projection(headers: 'all' | string[]): RecordProjection {
    return projectionFor(this.map.correlationKey, headers);
  }

  private addCandidate(c: Candidate, added: Candidate[]): void {
    const k = key(c.partition, c.offset);
    if (this.candidates.has(k)) return;
    if (this.candidates.size >= this.maxCandidates) throw new TooManyCandidates(this.maxCandidates);
    this.candidates.set(k, c);
    added.push(c);
  }

  private dropBefore(start: Offsets): void {
    for (const [k, c] of this.candidates)
      if (c.offset < (start.get(c.partition) ?? 0n)) this.candidates.delete(k);
    for (const [p, set] of this.skipped) {
      const s = start.get(p) ?? 0n;
      for (const o of set) if (o < s) set.delete(o);
    }
  }

  /**
   * Outcome ids of held events only. New tail: every held event. Backfill (events found now, whose outcome
   * may be older than the last read): only where an outcome would change the answer (not consumed yet,
   * retrying, redelivered), from the time of that evidence (less the skew) on, as an outcome follows it.
   */
  private async readOutcomes(
    ctx: AdvanceContext,
    counter: ReadCounter,
    committed: Offsets[],
    chainOnly: PaymentEvidence,
    marks: (Offsets | null)[],
    backfill: Candidate[],
  ): Promise<void> {
    const held = new Set<string>();
    for (const c of this.candidates.values()) held.add(c.paymentId);
    const lean = this.projection([]);
    await Promise.all(
      this.map.stages.map(async (stage, s) => {
        const topic = stage.outcomeTopic;
        const mark = marks[s];
        if (!topic || !mark || mark.size === 0) return;
        const ids = this.outcomeIds[s]!;
        const onRecord = (want: ReadonlySet<string>) => (record: KafkaRecord) => {
          const id = correlationIdOf(record, this.map.correlationKey);
          if (id !== null && want.has(id)) ids.add(id);
        };
        const previous = this.outcomeNext[s];
        if (previous)
          await readCounted(ctx.records, [rangeRequest(topic, previous, mark)], {
            signal: ctx.signal,
            counter,
            projection: () => lean,
            onRecord: onRecord(held),
          });
        let since = Infinity;
        const want = new Set<string>();
        for (const c of backfill) {
          const status = chainOnly.classify(
            s,
            c.paymentId,
            c.eventTime,
            c.offset,
            committed[s]!.get(c.partition),
            ctx.now,
          );
          if (status.state === 'done' || status.state === 'dead-lettered') continue;
          want.add(c.paymentId);
          since = Math.min(since, status.at ?? c.eventTime);
        }
        if (want.size > 0) {
          await readCounted(
            ctx.records,
            [
              rangeRequest(
                topic,
                // The topic exists: it has a mark.
                await offsetsAtIn(ctx.records, topic, since - EVIDENCE_SKEW_MS, true),
                previous ?? mark,
              ),
            ],
            {
              signal: ctx.signal,
              counter,
              projection: () => lean,
              onRecord: onRecord(want),
            },
          );
        }
        this.outcomeNext[s] = mark;
      }),
    );
  }

  private classifyAll(evidence: PaymentEvidence, c: Candidate, committed: Offsets[], now: number): boolean {
    return this.map.stages.every(
      (_, s) =>
        evidence.classify(s, c.paymentId, c.eventTime, c.offset, committed[s]!.get(c.partition), now, false)
          .state === 'done',
    );
  }

  private answer(
    evidence: PaymentEvidence,
    committed: Offsets[],
    query: StuckPaymentsQuery,
    now: number,
    from: number,
    to: number,
    end: Offsets,
  ): StuckPaymentsResult {
    const accumulator = new StuckPaymentsAccumulator(this.map, evidence, committed, query, now);
    const inWindow = [...this.candidates.values()]
      .filter((c) => c.offset < (end.get(c.partition) ?? 0n) && c.eventTime >= from && c.eventTime <= to)
      .sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
    for (const c of inWindow)
      accumulator.addEvent(c.paymentId, c.ceId, c.partition, c.offset.toString(), c.eventTime);
    let skipped = 0;
    for (const [p, list] of this.skipped) {
      const e = end.get(p) ?? 0n;
      for (const o of list) if (o < e) skipped++;
    }
    const consumedDone = Math.max(0, rangeSize(this.windowStart, end) - skipped - inWindow.length);
    accumulator.events += consumedDone;
    for (const stage of this.map.stages) accumulator.counts[stage.name]!.done += consumedDone;
    return accumulator.result(from, to, 0);
  }

  /** Events done at every stage and not in the failure chain are done for good (short of a reset). */
  private prune(
    evidence: PaymentEvidence,
    committed: Offsets[],
    failureIds: ReadonlySet<string>,
    now: number,
  ): void {
    for (const [k, c] of this.candidates)
      if (!failureIds.has(c.paymentId) && this.classifyAll(evidence, c, committed, now))
        this.candidates.delete(k);
    const held = new Set<string>();
    for (const c of this.candidates.values()) held.add(c.paymentId);
    for (const ids of this.outcomeIds) for (const id of ids) if (!held.has(id)) ids.delete(id);
  }
}
