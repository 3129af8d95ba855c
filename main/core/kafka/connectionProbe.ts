// "Test connection": each step of reaching a broker on its own (DNS, TCP, TLS handshake, the OAUTHBEARER token,
// SASL, metadata), so the person sees which one fails and why. The first three use node:dns, node:net and node:tls
// directly; SASL and metadata go through kafkajs, as the console's own connection does.
import { lookup } from 'node:dns/promises';
import { isIP, connect as tcpConnect } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, type TLSSocket } from 'node:tls';
import type {
  ConnectionAccess,
  ConnectionStep,
  ConnectionStepName,
  ConnectionTestResult,
} from '../../../shared/access';
import { createKafkajsClient } from './kafkajsClient';
import { toKafkaPortError } from './kafkajsErrors';
import type { ClientSecurity, KafkaPortError } from './kafkaPort';
import { kafkajsSecurityConfig } from './kafkajsSecurity';

export interface ProbeOptions {
  /** Words for a failure the Kafka client or TLS reported (the connection's own wording, from above this folder). */
  explain: (error: KafkaPortError) => string;
  timeoutMs?: number;
  /** How long to wait after the handshake for the broker to refuse a client certificate (TLS 1.3 does it late). */
  certificateVerdictMs?: number;
}

class StepFailure extends Error {}

/** Runs `start` until it settles, or fails the step after `ms`. */
function withTimeout<T>(
  what: string,
  ms: number,
  start: (resolve: (value: T) => void, reject: (error: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new StepFailure(`${what} got no answer within ${ms / 1000} s`)),
      ms,
    );
    start(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export async function probeConnection(
  bootstrap: string[],
  security: ClientSecurity,
  access: ConnectionAccess,
  options: ProbeOptions,
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const first = bootstrap[0] ?? '';
  const colon = first.lastIndexOf(':');
  const host = first.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(first.slice(colon + 1));
  const steps: ConnectionStep[] = [];
  let failed: ConnectionStepName | undefined;
  const explain = (error: unknown, tls: boolean) =>
    error instanceof StepFailure ? error.message : options.explain(toKafkaPortError(error, [first], { tls }));

  const step = async (name: ConnectionStepName, applies: boolean, run: () => Promise<string>) => {
    if (failed || !applies) {
      steps.push({
        step: name,
        outcome: 'skipped',
        ms: 0,
        detail: failed
          ? `not tried: ${failed} failed`
          : `not used by ${name === 'token' && access.mechanism ? access.mechanism : access.protocol}`,
      });
      return;
    }
    const started = performance.now();
    try {
      const detail = await run();
      steps.push({ step: name, outcome: 'ok', ms: Math.round(performance.now() - started), detail });
    } catch (error) {
      failed = name;
      steps.push({
        step: name,
        outcome: 'failed',
        ms: Math.round(performance.now() - started),
        detail: explain(error, security.tls !== undefined),
      });
    }
  };

  let address = host;
  await step('dns', true, async () => {
    if (isIP(host)) return `${host} is an address; nothing to look up`;
    try {
      const found = await lookup(host, { all: true });
      address = found[0]!.address;
      return `${host} is ${found.map((a) => a.address).join(', ')}`;
    } catch (error) {
      throw new StepFailure(`DNS lookup of "${host}" failed (${(error as { code?: string }).code ?? error})`);
    }
  });

  await step('tcp', true, () =>
    withTimeout<void>(`TCP connect to ${address}:${port}`, timeoutMs, (resolve, reject) => {
      const socket = tcpConnect({ host: address, port });
      socket.setTimeout(timeoutMs, () => socket.destroy());
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        socket.destroy();
        reject(
          new StepFailure(
            error.code === 'ECONNREFUSED'
              ? `${address}:${port} refused the connection (nothing is listening on that port)`
              : `TCP connect to ${address}:${port} failed (${error.code ?? error.message})`,
          ),
        );
      });
    }).then(() => `${address}:${port} accepts connections`),
  );

  const tls = security.tls;
  await step('tls', tls !== undefined, async () => {
    let socket: TLSSocket | undefined;
    try {
      const peer = await withTimeout<TLSSocket>(
        `TLS handshake with ${first}`,
        timeoutMs,
        (resolve, reject) => {
          const opened = tlsConnect({
            host: address,
            port,
            ...(isIP(host) ? {} : { servername: host }),
            ...(tls?.ca ? { ca: [tls.ca] } : {}),
            ...(tls?.cert ? { cert: tls.cert, key: tls.key, passphrase: tls.passphrase } : {}),
            rejectUnauthorized: true,
            checkServerIdentity: (_name, cert) =>
              tls?.verifyHostname ? checkServerIdentity(host, cert) : undefined,
          });
          socket = opened;
          opened.once('error', reject);
          opened.once('secureConnect', () => {
            // With TLS 1.3 the broker judges the client certificate after the handshake: wait for its verdict.
            if (tls?.cert) setTimeout(() => resolve(opened), options.certificateVerdictMs ?? 300);
            else resolve(opened);
          });
        },
      );
      const cert = peer.getPeerCertificate();
      return `${peer.getProtocol()} with ${cert.subject?.CN ?? 'a broker'}, issued by ${cert.issuer?.CN ?? 'unknown'}, valid until ${cert.valid_to}`;
    } finally {
      socket?.destroy();
    }
  });

  // OAUTHBEARER: the token comes first, from its endpoint; its failure words are already the person's.
  const sasl = security.sasl;
  let principal = access.principal;
  await step('token', sasl?.mechanism === 'OAUTHBEARER', async () => {
    if (sasl?.mechanism !== 'OAUTHBEARER') return '';
    const started = Date.now();
    try {
      const token = await sasl.token();
      if (token.subject) principal = `User:${token.subject}`;
      const validFor = Math.round((token.expiresAt - started) / 1000);
      return `${sasl.endpoint} issued a token${token.subject ? ` for ${token.subject}` : ''}, valid for ${validFor} s`;
    } catch (error) {
      throw new StepFailure(error instanceof Error ? error.message : String(error));
    }
  });

  const client = createKafkajsClient(bootstrap, {
    clientId: 'eventdesk-connection-test',
    connectionTimeoutMs: timeoutMs,
    requestTimeoutMs: timeoutMs,
    retry: { retries: 0 },
    config: kafkajsSecurityConfig(security),
  });
  try {
    await step('sasl', security.sasl !== undefined, async () => {
      await client.admin();
      return `signed in as ${principal} with ${access.mechanism}`;
    });
    await step('metadata', true, async () => {
      const admin = await client.admin();
      const [cluster, topics] = await Promise.all([admin.describeCluster(), admin.listTopics()]);
      return `cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), ${topics.length} topic(s) visible`;
    });
  } finally {
    await client.close();
  }
  return { ok: failed === undefined, ...(failed ? { failedStep: failed } : {}), steps };
}
