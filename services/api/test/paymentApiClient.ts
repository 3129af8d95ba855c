// Helpers shared by the payment API's tests: a valid request body and a small JSON HTTP client.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CreatePaymentRequest } from '../schema';

export function paymentBody(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
  return {
    customerId: 'cus_test',
    amountMinor: 1999,
    currency: 'EUR',
    email: 'ada@example.com',
    cardNumber: '4242424242424242',
    ...overrides,
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function postPayment(
  apiUrl: string,
  body: unknown,
  key: string | null = randomUUID(),
): Promise<JsonResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['idempotency-key'] = key;
  const res = await fetch(`${apiUrl}/payments`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}

/** One record as kcat (a foreign, librdkafka-based client) read it back. */
export interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers: Record<string, string>;
}

const kcatEnvelopeSchema = z.object({
  topic: z.string(),
  partition: z.number(),
  offset: z.number(),
  key: z.string().nullable(),
  payload: z.string().nullable(),
  headers: z.array(z.string().nullable()).nullable().optional(),
});

/** Reads a topic from the beginning to its current end with kcat; duplicate header names keep the last value. */
export function readTopicWithKcat(bootstrap: string, topic: string): Promise<KcatRecord[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`kcat exited ${code}: ${err}`));
      const records = out
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const env = kcatEnvelopeSchema.parse(JSON.parse(line));
          const headers: Record<string, string> = {};
          const flat = env.headers ?? [];
          for (let i = 0; i + 1 < flat.length; i += 2) headers[flat[i] ?? ''] = flat[i + 1] ?? '';
          return {
            topic: env.topic,
            partition: env.partition,
            offset: env.offset,
            key: env.key,
            payload: env.payload,
            headers,
          };
        });
      resolve(records);
    });
  });
}
