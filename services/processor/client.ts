// The merchant side of the card gateway: charge, and look a charge up by reference after an unknown outcome.
import { Agent, request as httpRequest } from 'node:http';
import { z } from 'zod';
import { chargeResponseSchema, type ChargeRequest, type ChargeResponse } from './server';

/** What a charge call can end in. `unknown` means the money may or may not have moved. */
export type ChargeOutcome =
  | { kind: 'succeeded'; charge: ChargeResponse }
  | { kind: 'declined'; charge: ChargeResponse }
  | { kind: 'unknown'; reason: string };

export interface ProcessorClient {
  charge(request: ChargeRequest, idempotencyKey: string): Promise<ChargeOutcome>;
  /** Charges the gateway recorded under our reference; throws when the gateway cannot be asked. */
  findByReference(reference: string): Promise<ChargeResponse[]>;
  close(): void;
}

const chargeListSchema = z.object({ charges: z.array(chargeResponseSchema.passthrough()) });

interface RawResponse {
  status: number;
  body: string;
}

export function createProcessorClient(
  baseUrl: string,
  options: { timeoutMs?: number } = {},
): ProcessorClient {
  const base = new URL(baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Keep-alive: a new TCP connection per charge would cost more than the charge itself on loopback.
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });

  const send = (method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          timeout: timeoutMs,
          headers:
            body === undefined
              ? headers
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`card processor did not answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });

  return {
    async charge(chargeRequest, idempotencyKey) {
      let raw: RawResponse;
      try {
        raw = await send('POST', '/charges', JSON.stringify(chargeRequest), {
          'idempotency-key': idempotencyKey,
        });
      } catch (err) {
        return { kind: 'unknown', reason: (err as Error).message };
      }
      if (raw.status !== 201 && raw.status !== 402) {
        return { kind: 'unknown', reason: `card processor answered HTTP ${raw.status}` };
      }
      const parsed = chargeResponseSchema.safeParse(safeJson(raw.body));
      if (!parsed.success) return { kind: 'unknown', reason: 'card processor sent an unreadable answer' };
      return raw.status === 201
        ? { kind: 'succeeded', charge: parsed.data }
        : { kind: 'declined', charge: parsed.data };
    },
    async findByReference(reference) {
      const raw = await send('GET', `/charges?reference=${encodeURIComponent(reference)}`);
      if (raw.status !== 200) throw new Error(`card processor lookup answered HTTP ${raw.status}`);
      return chargeListSchema.parse(safeJson(raw.body)).charges;
    },
    close: () => agent.destroy(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
