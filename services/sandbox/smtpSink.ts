// A local SMTP server that stores every mail it receives, and can be made slow, failing or down at run time.
// The invariant checker reads its mailbox: that is what the customer would have seen.
import Fastify, { type FastifyInstance } from 'fastify';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { freePort } from './ports';
import { providerModeSchema, type ProviderMode } from './providerMode';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReceivedMail {
  /** Order of arrival, from 1. */
  seq: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string | null;
  messageId: string | null;
  paymentId: string | null;
  ceId: string | null;
  raw: string;
}

export interface MailboxView {
  /** Every SMTP transaction that was accepted, in order (a resend appears twice here). */
  received: ReceivedMail[];
  /** What the recipient sees: one mail per Message-ID, as mailbox stores collapse resends. */
  delivered: ReceivedMail[];
}

export interface SmtpSink {
  host: string;
  port: number;
  /** Base URL of the HTTP control API: GET /mailbox, POST /mode, GET /mode, DELETE /mailbox. */
  controlUrl: string;
  mode(): ProviderMode;
  setMode(mode: ProviderMode): Promise<void>;
  mailbox(): MailboxView;
  clear(): void;
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** SMTP port; a free one when omitted. */
  port?: number;
  /** Control API port; a free one when omitted. */
  controlPort?: number;
  log?: (line: string) => void;
}

/** Header lines of a raw RFC 5322 message, unfolded, names lower-cased (first occurrence wins). */
export function parseMailHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

class SmtpStatusError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function readStream(stream: SMTPServerDataStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const log = options.log ?? (() => {});
  const port = options.port ?? (await freePort());
  let mode: ProviderMode = { mode: 'normal' };
  let received: ReceivedMail[] = [];
  let server: SMTPServer | undefined;

  const onData = (
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ) => {
    void (async () => {
      const raw = await readStream(stream);
      const current = mode;
      if (current.mode === 'failing') {
        const kind = current.code >= 500 ? 'rejected' : 'temporarily refused';
        return callback(new SmtpStatusError(`sandbox: message ${kind} (mode failing)`, current.code));
      }
      if (current.mode === 'slow') await sleep(current.delayMs);
      // Stored at the moment the 250 is sent, so "accepted" and "stored" cannot disagree.
      const headers = parseMailHeaders(raw);
      const envelopeFrom = session.envelope.mailFrom;
      received.push({
        seq: received.length + 1,
        receivedAt: new Date().toISOString(),
        from: envelopeFrom ? envelopeFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        subject: headers.get('subject') ?? null,
        messageId: headers.get('message-id') ?? null,
        paymentId: headers.get('x-payment-id') ?? null,
        ceId: headers.get('x-ce-id') ?? null,
        raw,
      });
      callback();
    })().catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
  };

  const listen = async () => {
    const next = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // "down" must drop pooled client connections quickly, not after the default 30 s.
      closeTimeout: 50,
      onData,
    });
    next.on('error', (err) => log(`smtp sink error: ${err.message}`));
    await new Promise<void>((resolve, reject) => {
      next.server.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
  };
  const unlisten = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  const view = (): MailboxView => {
    const seen = new Set<string>();
    const delivered = received.filter((mail) => {
      const key = mail.messageId ?? `seq:${mail.seq}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { received: [...received], delivered };
  };

  const setMode = async (next: ProviderMode) => {
    const parsed = providerModeSchema.parse(next);
    const wasDown = mode.mode === 'down';
    mode = parsed;
    if (parsed.mode === 'down' && !wasDown) await unlisten();
    if (parsed.mode !== 'down' && wasDown) await listen();
    log(`smtp sink mode → ${JSON.stringify(parsed)}`);
  };

  await listen();
  const control = await startControlApi(options.controlPort, {
    mailbox: view,
    clear: () => (received = []),
    mode: () => mode,
    setMode,
  });

  return {
    host: '127.0.0.1',
    port,
    controlUrl: control.url,
    mode: () => mode,
    setMode,
    mailbox: view,
    clear: () => {
      received = [];
    },
    async stop() {
      await control.app.close();
      await unlisten();
    },
  };
}

interface ControlTarget {
  mailbox(): MailboxView;
  clear(): void;
  mode(): ProviderMode;
  setMode(mode: ProviderMode): Promise<void>;
}

async function startControlApi(
  port: number | undefined,
  target: ControlTarget,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  app.get('/mailbox', async () => {
    const { received, delivered } = target.mailbox();
    const summary = (m: ReceivedMail) => ({ ...m, raw: undefined, rawBytes: Buffer.byteLength(m.raw) });
    return {
      receivedCount: received.length,
      deliveredCount: delivered.length,
      received: received.map(summary),
      delivered: delivered.map(summary),
    };
  });
  app.get('/mailbox/raw/:seq', async (request, reply) => {
    const seq = Number((request.params as { seq: string }).seq);
    const mail = target.mailbox().received.find((m) => m.seq === seq);
    if (!mail) return reply.code(404).send({ error: `no mail with seq ${seq}` });
    return reply.type('message/rfc822').send(mail.raw);
  });
  app.delete('/mailbox', async () => {
    target.clear();
    return { cleared: true };
  });
  app.get('/mode', async () => target.mode());
  app.post('/mode', async (request, reply) => {
    const parsed = providerModeSchema.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send({ error: parsed.error.issues.map((i) => i.message).join('; ') });
    await target.setMode(parsed.data);
    return target.mode();
  });
  const address = await app.listen({ port: port ?? 0, host: '127.0.0.1' });
  return { app, url: address };
}
