// Stuck payments: for the source events in a time window, each stage's state with age and reason. Answered
// from evidence (stuckView.ts: the lag regions and the failure chain, then only what is new); listing done
// payments needs every event, so that takes the full read (stuckFullRead.ts), as does a window with more
// not-done events than the view holds.
import type { PipelineMap } from '../../../shared/pipelineMap';
import {
  STUCK_READ_BOUNDS,
  type StuckPaymentsQuery,
  type StuckPaymentsResult,
} from '../../../shared/payments';
import type { RecordPort } from '../kafka/recordPort';
import { invalidInput } from '../appFailure';
import { computeStuckPaymentsFullRead } from './stuckFullRead';
import type { ReadCounter } from './stuckReads';
import { DEFAULT_MAX_CANDIDATES, StuckView, TooManyCandidates } from './stuckView';

export { StuckPaymentsAccumulator, EVIDENCE_SKEW_MS } from './stuckAccumulator';

const DEFAULT_WINDOW_MS = 60 * 60_000;
/** Views kept per records port: one per distinct window end (a live window counts as one). */
const MAX_VIEWS = 4;

export interface StuckPaymentsDeps {
  records: RecordPort;
  map: PipelineMap;
  now: () => number;
  signal?: AbortSignal;
  /** Counts what the computation reads as it goes (progress, and what a cancelled one read). */
  counter?: ReadCounter;
}

function windowOf(query: StuckPaymentsQuery, now: number): { from: number; to: number; now: number } {
  const to = query.to ?? now;
  const from = query.from ?? Math.max(0, to - (query.windowMs ?? DEFAULT_WINDOW_MS));
  if (from > to) throw invalidInput('the window starts after it ends ("from" is later than "to")');
  return { from, to, now };
}

/** Listing done payments lists every event of the window: only the full read has them. */
function needsEveryEvent(query: StuckPaymentsQuery): boolean {
  return query.includeDone === true || query.state === 'done';
}

interface Slot {
  view: StuckView;
  /** The map the view was built for, by content (a map that crossed to a worker is a new object). */
  mapKey: string;
  queue: Promise<unknown>;
}

/**
 * The views of one records port (one cluster), so a repeated query costs what arrived since the last one.
 * Bounded: a few windows, least recently used dropped; calls on one view run one after another.
 */
export class StuckViews {
  private readonly views = new Map<string, Slot>();

  constructor(private readonly maxCandidates = DEFAULT_MAX_CANDIDATES) {}

  async compute(deps: StuckPaymentsDeps, query: StuckPaymentsQuery): Promise<StuckPaymentsResult> {
    const window = windowOf(query, deps.now());
    const counter: ReadCounter = deps.counter ?? { records: 0, bytes: 0 };
    counter.maxRecords = counter.records + (query.maxRecords ?? STUCK_READ_BOUNDS.maxRecords);
    counter.maxBytes = counter.bytes + (query.maxBytes ?? STUCK_READ_BOUNDS.maxBytes);
    deps = { ...deps, counter };
    if (needsEveryEvent(query)) return computeStuckPaymentsFullRead(deps, query, window);
    const id = query.to === undefined ? 'live' : String(query.to);
    const mapKey = JSON.stringify(deps.map);
    let slot = this.views.get(id);
    this.views.delete(id);
    if (!slot || slot.mapKey !== mapKey || !slot.view.canFollow(window.from))
      slot = {
        view: new StuckView(deps.map, window.from, query.to, this.maxCandidates),
        mapKey,
        queue: Promise.resolve(),
      };
    this.views.set(id, slot);
    while (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    const current = slot;
    const run = current.queue.then(() => this.advance(current, id, deps, query, window));
    current.queue = run.catch(() => undefined);
    return run;
  }

  private async advance(
    slot: Slot,
    id: string,
    deps: StuckPaymentsDeps,
    query: StuckPaymentsQuery,
    window: { from: number; to: number; now: number },
  ): Promise<StuckPaymentsResult> {
    const ctx = { records: deps.records, now: window.now, signal: deps.signal, counter: deps.counter };
    try {
      const answer = await slot.view.advance(ctx, query, window.from);
      if (answer) return answer;
      // A group's commits went back: what was counted consumed may not be; start over.
      const fresh = new StuckView(deps.map, window.from, query.to, this.maxCandidates);
      if (this.views.get(id) === slot) slot.view = fresh;
      const again = await fresh.advance(ctx, query, window.from);
      if (again) return again;
      return await computeStuckPaymentsFullRead(deps, query, window);
    } catch (error) {
      // A half-advanced view (cancelled, failed, or over its cap) cannot be followed; the next call starts over.
      if (this.views.get(id) === slot) this.views.delete(id);
      if (error instanceof TooManyCandidates) return computeStuckPaymentsFullRead(deps, query, window);
      throw error;
    }
  }
}

/** One answer without a kept view (tests, the bench's first answer). */
export async function computeStuckPayments(
  deps: StuckPaymentsDeps,
  query: StuckPaymentsQuery,
): Promise<StuckPaymentsResult> {
  return new StuckViews().compute(deps, query);
}
