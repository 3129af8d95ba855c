import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfileInput, ConnectionTestResult } from '../../../shared/access';
import type { ConnectionStatus } from '../../../shared/cluster';
import { startSecureTestBroker, type SecureTestBroker } from '../../../tools/test/secureBroker';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { mtlsProfile, saslSslProfile } from '../test/secureProfiles';

let secure: SecureTestBroker;
let backend: ConsoleBackend | undefined;
let scratch: string;

beforeAll(async () => {
  secure = await startSecureTestBroker();
  scratch = mkdtempSync(join(tmpdir(), 'access-errors-'));
});
afterEach(async () => {
  await backend?.dispose();
  backend = undefined;
});
afterAll(async () => {
  await secure?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const portOf = (address: string) => address.slice(address.lastIndexOf(':') + 1);

/** Saves the profile in a fresh backend and connects with it; the first attempt's status. */
async function connectWith(profile: ConnectionProfileInput) {
  backend = createConsoleBackend();
  const saved = await dispatch(backend.handlers, 'access.saveProfile', { profile });
  expect(saved.ok).toBe(true);
  return dispatch(backend.handlers, 'access.connect', { name: profile.name! });
}

async function failedStatus(profile: ConnectionProfileInput): Promise<ConnectionStatus> {
  const result = await connectWith(profile);
  if (!result.ok) throw new Error(`connect failed as a call: ${result.error.message}`);
  const status = result.value as ConnectionStatus;
  expect(status.state).toBe('unreachable');
  return status;
}

const brokerLog = () => readFileSync(join(secure.dir, 'kafka', 'logs', 'server.log'), 'utf8');
const failedLogins = (log: string) =>
  log.split('\n').filter((l) => l.includes('Failed authentication')).length;

describe('security failures, each with its own message', () => {
  const messages = new Map<string, string>();

  it('says authentication failed for User:alice (SCRAM-SHA-512) within 5 s, then backs off', async () => {
    const before = failedLogins(brokerLog());
    const started = Date.now();
    const status = await failedStatus(
      saslSslProfile(secure, 'operator', { password: { from: 'value', value: 'not-alices-password' } }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(status.error).toContain('authentication failed for User:alice (SCRAM-SHA-512)');
    expect(status.securityFailure).toBe('sasl-failed');
    expect(status.nextRetryAt! - Date.now()).toBeGreaterThan(500);
    messages.set('sasl', status.error!);
    // The broker is the witness: a retry storm would show dozens of failed logins in these 2.5 s.
    await new Promise((ok) => setTimeout(ok, 2_500));
    const attempts = failedLogins(brokerLog()) - before;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(4);
  });

  it('names an untrusted CA', async () => {
    const status = await failedStatus(
      saslSslProfile(secure, 'operator', { caFile: secure.certs.rogueCaFile }),
    );
    expect(status.securityFailure).toBe('untrusted-certificate');
    expect(status.error).toContain('not signed by a trusted CA');
    messages.set('ca', status.error!);
  });

  it('names a hostname mismatch, and connects when hostname verification is off', async () => {
    const byAddress = `127.0.0.1:${portOf(secure.saslSsl)}`;
    const status = await failedStatus(saslSslProfile(secure, 'operator', { bootstrap: byAddress }));
    expect(status.securityFailure).toBe('hostname-mismatch');
    expect(status.error).toContain('not issued for "127.0.0.1"');
    messages.set('hostname', status.error!);
    await backend!.dispose();
    const unchecked = await connectWith(
      saslSslProfile(secure, 'operator', { bootstrap: byAddress, verifyHostname: false }),
    );
    expect(unchecked).toMatchObject({ ok: true, value: { state: 'connected' } });
  });

  it('names PLAINTEXT against a TLS port', async () => {
    const status = await failedStatus({
      name: 'plain-to-tls',
      bootstrap: secure.saslSsl,
      protocol: 'PLAINTEXT',
    });
    expect(status.securityFailure).toBe('expects-tls');
    expect(status.error).toContain('probably expects TLS');
    messages.set('expects-tls', status.error!);
  });

  it('names TLS against a PLAINTEXT port', async () => {
    const status = await failedStatus({
      name: 'tls-to-plain',
      bootstrap: secure.plaintext,
      protocol: 'SSL',
      caFile: secure.certs.caFile,
    });
    expect(status.securityFailure).toBe('not-tls');
    expect(status.error).toContain('does not speak TLS');
    messages.set('not-tls', status.error!);
  });

  it('names a client certificate the broker refuses', async () => {
    const status = await failedStatus(
      mtlsProfile(secure, 'alice', {
        name: 'rogue-mtls',
        certFile: secure.certs.rogueClient.certFile,
        keyFile: secure.certs.rogueClient.keyFile,
      }),
    );
    expect(status.securityFailure).toBe('client-certificate-refused');
    expect(status.error).toContain('refused the client certificate');
    messages.set('client-cert', status.error!);
  });

  it('gave every failure its own message', () => {
    expect(messages.size).toBe(6);
    expect(new Set(messages.values()).size).toBe(6);
  });

  it('names the field of a CA file that is not PEM, before dialling anything', async () => {
    const notPem = join(scratch, 'ca.txt');
    writeFileSync(notPem, 'this is not a certificate\n');
    const result = await connectWith(saslSslProfile(secure, 'operator', { caFile: notPem }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', reason: 'invalid-profile', field: 'caFile' },
    });
    expect(!result.ok && result.error.message).toMatch(/^caFile: .*ca\.txt is not a PEM certificate/);
    expect(backend!.connection.status().state).toBe('disconnected');
  });
});

describe('Test connection', () => {
  const test = async (profile: ConnectionProfileInput): Promise<ConnectionTestResult> => {
    backend = createConsoleBackend();
    const result = await dispatch(backend.handlers, 'access.testConnection', { profile });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as ConnectionTestResult;
  };
  const outcomes = (r: ConnectionTestResult) => r.steps.map((s) => `${s.step}:${s.outcome}`);

  it('stops at TLS for an untrusted CA and says why', async () => {
    const result = await test(saslSslProfile(secure, 'operator', { caFile: secure.certs.rogueCaFile }));
    expect(result).toMatchObject({ ok: false, failedStep: 'tls' });
    expect(outcomes(result)).toEqual([
      'dns:ok',
      'tcp:ok',
      'tls:failed',
      'token:skipped',
      'sasl:skipped',
      'metadata:skipped',
      'registry:skipped',
    ]);
    expect(result.steps[2]!.detail).toContain('not signed by a trusted CA');
  });

  it('stops at SASL for a wrong password', async () => {
    const result = await test(
      saslSslProfile(secure, 'operator', { password: { from: 'value', value: 'wrong-password' } }),
    );
    expect(result).toMatchObject({ ok: false, failedStep: 'sasl' });
    expect(result.steps[3]).toMatchObject({
      step: 'token',
      outcome: 'skipped',
      detail: 'not used by SCRAM-SHA-512',
    });
    expect(result.steps[4]!.detail).toContain('authentication failed for User:alice (SCRAM-SHA-512)');
  });

  it('stops at TCP for a closed port and at DNS for an unknown host', async () => {
    const closed = await test({ name: 'closed', bootstrap: '127.0.0.1:1' });
    expect(closed).toMatchObject({ ok: false, failedStep: 'tcp' });
    expect(closed.steps[1]!.detail).toContain('refused the connection');
    const unknown = await test({ name: 'unknown', bootstrap: 'no-such-host.invalid:9092' });
    expect(unknown).toMatchObject({ ok: false, failedStep: 'dns' });
    expect(unknown.steps[0]!.detail).toContain('DNS lookup of "no-such-host.invalid" failed');
  });

  it('stops at TLS for a client certificate the broker refuses', async () => {
    const result = await test(
      mtlsProfile(secure, 'alice', {
        certFile: secure.certs.rogueClient.certFile,
        keyFile: secure.certs.rogueClient.keyFile,
      }),
    );
    expect(result).toMatchObject({ ok: false, failedStep: 'tls' });
    expect(result.steps[2]!.detail).toContain('refused the client certificate');
  });
});
