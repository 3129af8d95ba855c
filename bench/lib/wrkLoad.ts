// Max-throughput driver: wrk (C, one thread, ~2-3% of a core per 1,000 req/s) instead of a Node closed loop that
// would take a third of this 2-core box away from the API it measures. A Lua script gives every request its own
// Idempotency-Key and body. Without wrk on the PATH, callers fall back to the Node closed loop and say so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { ClosedLoopResult } from './closedLoop';

export const wrkAvailable = (): boolean =>
  spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

// Per thread: a random run prefix + thread number + counter is unique across threads and runs. Bodies vary the
// customer and amount like randomPaymentRequest. done() prints one JSON line the caller parses.
const PAYMENT_SCRIPT = `
local counter = 0
local thread_no = 0
local threads = {}
local run = string.format("%x", os.time()) .. "-" .. tostring(math.random(1, 2147483647))

function setup(thread)
  thread:set("thread_no", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_no * 7919)
end

request = function()
  counter = counter + 1
  local customer = "cus_" .. math.random(0, 999)
  local body = '{"customerId":"' .. customer .. '","amountMinor":' .. math.random(100, 10099) ..
    ',"currency":"EUR","email":"' .. customer .. '@example.com","cardNumber":"4242424242424242"}'
  local headers = {}
  headers["Content-Type"] = "application/json"
  headers["Idempotency-Key"] = "wrk-" .. run .. "-" .. thread_no .. "-" .. counter
  return wrk.format("POST", "/payments", headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\nWRK_JSON {"requests":%d,"durationUs":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
`;

const GET_SCRIPT = PAYMENT_SCRIPT.replace(
  /request = function\(\)[\s\S]*?\nend\n/,
  'request = function()\n  return wrk.format("GET")\nend\n',
);

const wrkJsonSchema = z.object({
  requests: z.number(),
  durationUs: z.number(),
  non2xx: z.number(),
  connect: z.number(),
  read: z.number(),
  write: z.number(),
  timeout: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});

export interface WrkOptions {
  url: string;
  kind: 'payments' | 'get';
  connections: number;
  durationMs: number;
  threads?: number;
}

/**
 * Runs wrk against the URL (POST /payments with unique keys, or plain GETs). "ok" counts 2xx answers: POST /payments
 * only answers 201 with a 2xx (a replay would be 201 too, but every key here is new).
 */
export async function runWrk(options: WrkOptions): Promise<ClosedLoopResult> {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-wrk-'));
  const script = join(dir, 'load.lua');
  writeFileSync(script, options.kind === 'payments' ? PAYMENT_SCRIPT : GET_SCRIPT);
  const target = new URL(options.url);
  const base = options.kind === 'payments' ? `${target.protocol}//${target.host}` : options.url;
  const args = [
    '-t',
    String(options.threads ?? 1),
    '-c',
    String(options.connections),
    '-d',
    `${Math.max(1, Math.round(options.durationMs / 1000))}s`,
    '--timeout',
    '10s',
    '-s',
    script,
    base,
  ];
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text.slice(-500)}`)),
      );
    });
    const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
    if (!line) throw new Error(`wrk printed no summary: ${out.slice(-500)}`);
    const r = wrkJsonSchema.parse(JSON.parse(line.slice('WRK_JSON '.length)));
    const socketErrors = r.connect + r.read + r.write + r.timeout;
    const ok = r.requests - r.non2xx;
    const seconds = r.durationUs / 1e6;
    return {
      requests: r.requests,
      ok,
      statuses: { '2xx': ok, non2xx: r.non2xx, socketErrors },
      seconds,
      okPerSecond: ok / seconds,
      latencyMs: {
        p50: r.p50 / 1000,
        p90: r.p90 / 1000,
        p99: r.p99 / 1000,
        p999: Number.NaN,
        max: r.max / 1000,
        mean: Number.NaN,
        count: r.requests,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
