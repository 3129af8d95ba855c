// A closed-loop driver for MAX-throughput runs only: N connections each send the next request as soon as the
// previous one answered. (Latency under a fixed offered load is measured open-loop, in services/traffic.)
import { Agent, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { newLatencyHistogram, summarize, type LatencySummary } from '../../services/traffic/generator';

export interface ClosedLoopResult {
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  seconds: number;
  okPerSecond: number;
  latencyMs: LatencySummary;
}

export interface ClosedLoopOptions {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  durationMs: number;
  /** Builds the body and headers of each request (a fresh Idempotency-Key per payment). */
  makeRequest?: () => { body?: string; headers?: Record<string, string> };
  okStatus: number;
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const histogram = newLatencyHistogram();
  const statuses: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  const started = performance.now();
  const endAt = started + options.durationMs;

  const once = () =>
    new Promise<number>((resolve) => {
      const { body, headers = {} } = options.makeRequest?.() ?? {};
      const t0 = performance.now();
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: options.method,
          agent,
          headers:
            body === undefined
              ? headers
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
            resolve(res.statusCode ?? 0);
          });
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });

  const worker = async () => {
    while (performance.now() < endAt) {
      const status = await once();
      requests += 1;
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      if (status === options.okStatus) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  return { requests, ok, statuses, seconds, okPerSecond: ok / seconds, latencyMs: summarize(histogram) };
}

export function randomPaymentRequest(): { body: string; headers: Record<string, string> } {
  const customer = `cus_${Math.floor(Math.random() * 1000)}`;
  return {
    body: JSON.stringify({
      customerId: customer,
      amountMinor: 100 + Math.floor(Math.random() * 10_000),
      currency: 'EUR',
      email: `${customer}@example.com`,
      cardNumber: '4242424242424242',
    }),
    headers: { 'idempotency-key': randomUUID() },
  };
}
