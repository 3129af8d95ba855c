// A local SMS/push provider: POST /sms with an Idempotency-Key, a received log, and the same run-time
// switches as the SMTP sink (normal / slow / failing / down).
import Fastify from 'fastify';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { freePort } from './ports';
import { providerModeSchema, type ProviderMode } from './providerMode';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedSms {
  seq: number;
  id: string;
  receivedAt: string;
  to: string;
  text: string;
  paymentId: string | null;
  idempotencyKey: string | null;
}

export interface SmsProvider {
  /** Where stages POST: `http://127.0.0.1:<port>/sms`. */
  url: string;
  /** Control API: GET /received, POST /mode, GET /mode, DELETE /received. */
  controlUrl: string;
  received(): ReceivedSms[];
  /** Requests answered from the idempotency table instead of sending again. */
  replays(): number;
  mode(): ProviderMode;
  setMode(mode: ProviderMode): Promise<void>;
  clear(): void;
  stop(): Promise<void>;
}

const smsRequestSchema = z.object({
  to: z.string().min(1).max(32),
  text: z.string().min(1).max(1600),
  paymentId: z.string().optional(),
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

export async function startSmsProvider(
  options: { port?: number; controlPort?: number } = {},
): Promise<SmsProvider> {
  const port = options.port ?? (await freePort());
  let mode: ProviderMode = { mode: 'normal' };
  let received: ReceivedSms[] = [];
  let replays = 0;
  const byIdempotencyKey = new Map<string, ReceivedSms>();
  let server: Server | undefined;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST' || request.url !== '/sms')
      return reply(response, 404, { error: 'POST /sms' });
    const current = mode;
    if (current.mode === 'failing')
      return reply(response, current.code, { error: 'sandbox: provider failing' });
    if (current.mode === 'slow') await sleep(current.delayMs);
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return reply(response, 400, { error: 'body is not JSON' });
    }
    const parsed = smsRequestSchema.safeParse(body);
    if (!parsed.success)
      return reply(response, 422, { error: parsed.error.issues.map((i) => i.message).join('; ') });
    const keyHeader = request.headers['idempotency-key'];
    const idempotencyKey = typeof keyHeader === 'string' ? keyHeader : null;
    const earlier = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
    if (earlier) {
      replays++;
      return reply(response, 200, { id: earlier.id }, { 'idempotent-replayed': 'true' });
    }
    const sms: ReceivedSms = {
      seq: received.length + 1,
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      to: parsed.data.to,
      text: parsed.data.text,
      paymentId: parsed.data.paymentId ?? null,
      idempotencyKey,
    };
    received.push(sms);
    if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, sms);
    return reply(response, 201, { id: sms.id });
  };

  const listen = async () => {
    const next = createServer((request, response) => {
      handle(request, response).catch((err: unknown) => reply(response, 500, { error: String(err) }));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
  };
  const unlisten = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    // Keep-alive sockets would otherwise keep "down" answering.
    current.closeAllConnections();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  const setMode = async (next: ProviderMode) => {
    const parsed = providerModeSchema.parse(next);
    const wasDown = mode.mode === 'down';
    mode = parsed;
    if (parsed.mode === 'down' && !wasDown) await unlisten();
    if (parsed.mode !== 'down' && wasDown) await listen();
  };
  const clear = () => {
    received = [];
    byIdempotencyKey.clear();
    replays = 0;
  };

  await listen();
  const control = Fastify({ logger: false });
  control.get('/received', async () => ({ count: received.length, replays, received }));
  control.delete('/received', async () => {
    clear();
    return { cleared: true };
  });
  control.get('/mode', async () => mode);
  control.post('/mode', async (request, response) => {
    const parsed = providerModeSchema.safeParse(request.body);
    if (!parsed.success)
      return response.code(400).send({ error: parsed.error.issues.map((i) => i.message).join('; ') });
    await setMode(parsed.data);
    return mode;
  });
  const controlUrl = await control.listen({ port: options.controlPort ?? 0, host: '127.0.0.1' });

  return {
    url: `http://127.0.0.1:${port}/sms`,
    controlUrl,
    received: () => [...received],
    replays: () => replays,
    mode: () => mode,
    setMode,
    clear,
    async stop() {
      await control.close();
      await unlisten();
    },
  };
}
