// Payment traffic for the sandbox and the benchmark: an OPEN-LOOP generator. Requests are scheduled on a fixed
// timetable and latency is measured from the intended start, so a slow server cannot slow the generator down and
// hide its own tail (coordinated omission, see wrk2). Clients retry with the SAME Idempotency-Key, as real ones do.
import { Agent, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import * as hdr from 'hdr-histogram-js';
import { setTimeout as sleep } from 'node:timers/promises';

export {
  producePoison,
  buildPoisonMessage,
  POISON_KINDS,
  type PoisonKind,
  type PoisonOptions,
  type PoisonRecord,
} from './poison';

export interface BurstOptions {
  /** A burst every this many milliseconds … */
  everyMs: number;
  /** … of this many extra payments, all scheduled at the same instant. */
  size: number;
}

export interface TrafficOptions {
  apiUrl: string;
  /** Steady offered load in payments per second. */
  ratePerSec: number;
  burst?: BurstOptions;
  /** Share (0..1) of payments the client sends twice with the same key (double-click, lost answer). */
  retryShare?: number;
  /** Share (0..1) of those duplicates sent at the same time as the original rather than after its answer. */
  concurrentRetryShare?: number;
  /** Retries after a 5xx, a 409 or a network error, with the same key. */
  retryOnError?: { maxAttempts: number; delayMs: number };
  /** Share (0..1) of payments made with the always-declining test card. */
  declineShare?: number;
  /** Stop scheduling after this long; omitted = until stop(). */
  durationMs?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
  customers?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** How one payment (one key) ended, after the client's own retries. */
export interface PaymentOutcome {
  idempotencyKey: string;
  intendedAt: number;
  /** Final HTTP status, or 0 for a network error/timeout. */
  status: number;
  paymentId: string | null;
  attempts: number;
}

export interface TrafficStats {
  elapsedMs: number;
  /** Payments put on the timetable (each with its own key). */
  scheduled: number;
  requestsSent: number;
  /** HTTP status → count, over every request sent (first attempts, duplicates and retries). */
  statuses: Record<string, number>;
  networkErrors: number;
  inFlight: number;
  duplicateSends: number;
  errorRetries: number;
  /** First attempts that did not get a 201 or 402 (the "error rate" a user feels on the first click). */
  firstAttemptErrors: number;
  firstAttempts: number;
  /** Payments whose key finally got 201 / 402 / nothing good after all retries. */
  succeeded: number;
  declined: number;
  failed: number;
  /** First-attempt latency from the INTENDED start, in milliseconds. */
  latencyMs: LatencySummary;
}

export interface Traffic {
  stats(): TrafficStats;
  outcomes(): PaymentOutcome[];
  /** Resolves when durationMs has passed and every request has finished. */
  finished: Promise<TrafficStats>;
  /** Stops scheduling and waits for requests in flight. */
  stop(): Promise<TrafficStats>;
}

interface RawResult {
  status: number;
  body: string;
}

export function newLatencyHistogram(): hdr.Histogram {
  // Microseconds from 1 µs to 1 h with 3 significant digits.
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function summarize(histogram: hdr.Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;

export function startTraffic(options: TrafficOptions): Traffic {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const base = new URL(options.apiUrl);
  const intervalMs = 1000 / options.ratePerSec;
  const retryShare = options.retryShare ?? 0;
  const concurrentRetryShare = options.concurrentRetryShare ?? 0.5;
  const retryOnError = options.retryOnError ?? { maxAttempts: 3, delayMs: 200 };
  const declineShare = options.declineShare ?? 0;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const customers = options.customers ?? 1000;
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxConnections ?? 256 });
  const histogram = newLatencyHistogram();

  const statuses: Record<string, number> = {};
  const outcomes: PaymentOutcome[] = [];
  let scheduled = 0;
  let requestsSent = 0;
  let networkErrors = 0;
  let inFlight = 0;
  let duplicateSends = 0;
  let errorRetries = 0;
  let firstAttemptErrors = 0;
  let firstAttempts = 0;
  let running = true;
  const startedAt = performance.now();
  const pending = new Set<Promise<void>>();

  const send = (key: string, body: string) =>
    new Promise<RawResult>((resolve) => {
      requestsSent += 1;
      inFlight += 1;
      const done = (result: RawResult) => {
        inFlight -= 1;
        statuses[String(result.status)] = (statuses[String(result.status)] ?? 0) + 1;
        if (result.status === 0) networkErrors += 1;
        resolve(result);
      };
      const req = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: 'POST',
          path: '/payments',
          agent,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'idempotency-key': key,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', () => done({ status: 0, body: '' }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => done({ status: 0, body: '' }));
      req.end(body);
    });

  const randomBody = (): string => {
    const customer = `cus_${1 + Math.floor(random() * customers)}`;
    return JSON.stringify({
      customerId: customer,
      amountMinor: 100 + Math.floor(random() * 49_900),
      currency: CURRENCIES[Math.floor(random() * CURRENCIES.length)] ?? 'EUR',
      email: `${customer}@example.com`,
      cardNumber: random() < declineShare ? '4000000000000002' : '4242424242424242',
    });
  };

  const isFinal = (status: number) => status === 201 || status === 402 || status === 400 || status === 422;
  const paymentIdOf = (body: string): string | null => {
    try {
      const parsed: unknown = JSON.parse(body);
      if (
        parsed &&
        typeof parsed === 'object' &&
        'paymentId' in parsed &&
        typeof parsed.paymentId === 'string'
      )
        return parsed.paymentId;
    } catch {
      // Non-JSON answers (a proxy's error page) carry no payment id.
    }
    return null;
  };

  const runPayment = async (intendedAt: number) => {
    const key = randomUUID();
    const body = randomBody();
    const duplicate = random() < retryShare;
    const duplicateNow = duplicate && random() < concurrentRetryShare;
    let result: RawResult;
    if (duplicateNow) {
      // A double click: two requests with one key at once. The user sees whichever answer is the real one.
      duplicateSends += 1;
      const both = await Promise.all([send(key, body), send(key, body)]);
      result = both.find((r) => r.status === 201 || r.status === 402) ?? both[0]!;
    } else {
      result = await send(key, body);
    }
    const latencyUs = Math.max(1, Math.round((performance.now() - intendedAt) * 1000));
    histogram.recordValue(latencyUs);
    firstAttempts += 1;
    if (result.status !== 201 && result.status !== 402) firstAttemptErrors += 1;
    if (duplicate && !duplicateNow) {
      duplicateSends += 1;
      const again = await send(key, body);
      if (!isFinal(result.status) && isFinal(again.status)) result = again;
    }
    let attempts = 1;
    while (!isFinal(result.status) && attempts < retryOnError.maxAttempts) {
      await sleep(retryOnError.delayMs);
      attempts += 1;
      errorRetries += 1;
      result = await send(key, body);
    }
    outcomes.push({
      idempotencyKey: key,
      intendedAt,
      status: result.status,
      paymentId: paymentIdOf(result.body),
      attempts,
    });
  };

  const launch = (intendedAt: number) => {
    scheduled += 1;
    const p = runPayment(intendedAt).catch((err: unknown) => log(`traffic: ${(err as Error).message}`));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  // The timetable: payment i is due at startedAt + i * interval; bursts add `size` payments at their instant.
  let nextSteady = startedAt;
  let nextBurst = options.burst ? startedAt + options.burst.everyMs : Number.POSITIVE_INFINITY;
  const endAt = options.durationMs === undefined ? Number.POSITIVE_INFINITY : startedAt + options.durationMs;
  let ticker: NodeJS.Timeout | undefined;
  let resolveFinished: (stats: TrafficStats) => void = () => {};
  const finished = new Promise<TrafficStats>((r) => (resolveFinished = r));

  const stats = (): TrafficStats => ({
    elapsedMs: Math.round(performance.now() - startedAt),
    scheduled,
    requestsSent,
    statuses: { ...statuses },
    networkErrors,
    inFlight,
    duplicateSends,
    errorRetries,
    firstAttemptErrors,
    firstAttempts,
    succeeded: outcomes.filter((o) => o.status === 201).length,
    declined: outcomes.filter((o) => o.status === 402).length,
    failed: outcomes.filter((o) => o.status !== 201 && o.status !== 402).length,
    latencyMs: summarize(histogram),
  });

  const drainAndFinish = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
    agent.destroy();
    const final = stats();
    resolveFinished(final);
    return final;
  };

  const tick = () => {
    if (!running) return;
    const now = performance.now();
    while (nextSteady <= now && nextSteady < endAt) {
      launch(nextSteady);
      nextSteady += intervalMs;
    }
    while (options.burst && nextBurst <= now && nextBurst < endAt) {
      for (let i = 0; i < options.burst.size; i++) launch(nextBurst);
      nextBurst += options.burst.everyMs;
    }
    if (now >= endAt) {
      running = false;
      void drainAndFinish();
      return;
    }
    // Sleep until the next due time; timers are coarse, and lateness is charged to the latency anyway.
    const nextDue = Math.min(nextSteady, nextBurst, endAt);
    ticker = setTimeout(tick, Math.max(0, Math.min(nextDue - performance.now(), 50)));
  };
  tick();

  return {
    stats,
    outcomes: () => outcomes.slice(),
    finished,
    async stop() {
      if (running) {
        running = false;
        if (ticker) clearTimeout(ticker);
        return drainAndFinish();
      }
      return finished;
    },
  };
}
