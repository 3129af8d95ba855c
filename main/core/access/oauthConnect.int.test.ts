// OAUTHBEARER against the secured broker (unsecured-JWT validator) with a real local token endpoint: connect
// and list topics as User:<client id>, a refused client (401), an endpoint that never answers (5 s), and no
// client secret or token in any channel's output.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfileInput, ConnectionTestResult } from '../../../shared/access';
import { channels } from '../../../shared/contract';
import type { AppError } from '../../../shared/failure';
import { adminKafka } from '../../../tools/kafka/secureBroker';
import { uniqueName } from '../../../tools/test/names';
import { startSecureTestBroker, type SecureTestBroker } from '../../../tools/test/secureBroker';
import { startTokenEndpoint, type RunningTokenEndpoint } from '../../../tools/test/tokenEndpoint';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { recordingDispatch, type RecordingDispatch } from '../test/secureProfiles';

let secure: SecureTestBroker;
let endpoint: RunningTokenEndpoint;
let backend: ConsoleBackend;
let rpc: RecordingDispatch;
const clientSecret = `oauth-secret-${randomBytes(12).toString('hex')}`;
const wrongSecret = `wrong-secret-${randomBytes(12).toString('hex')}`;
const topic = uniqueName('payments.oauth-connect');
const envName = `EVENTDESK_TEST_CLIENT_SECRET_${Date.now().toString(36).toUpperCase()}`;

beforeAll(async () => {
  secure = await startSecureTestBroker();
  endpoint = await startTokenEndpoint({ clients: [{ clientId: secure.oauth.operatorClient, clientSecret }] });
  const admin = adminKafka(secure).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  backend = createConsoleBackend();
  rpc = recordingDispatch(() => backend.handlers);
});

afterAll(async () => {
  await backend?.dispose();
  await endpoint?.stop();
  await secure?.stop();
  delete process.env[envName];
});

const oauthProfile = (overrides: Partial<ConnectionProfileInput> = {}): ConnectionProfileInput => ({
  name: 'cloud-oauth',
  bootstrap: secure.saslSsl,
  protocol: 'SASL_SSL',
  mechanism: 'OAUTHBEARER',
  tokenEndpoint: endpoint.url,
  clientId: secure.oauth.operatorClient,
  clientSecret: { from: 'value', value: clientSecret },
  scope: 'kafka',
  caFile: secure.certs.caFile,
  ...overrides,
});

const stepsOf = (result: { ok: boolean; value?: unknown }) =>
  (result.value as ConnectionTestResult).steps.map((s) => [s.step, s.outcome, s.detail] as const);

describe('OAUTHBEARER with a client-credentials token endpoint', () => {
  it('connects and lists topics as User:<client id>, the principal the broker authorizes', async () => {
    const saved = await rpc.call('access.saveProfile', { profile: oauthProfile() });
    expect(saved).toMatchObject({
      ok: true,
      value: { hasClientSecret: true, clientSecret: { from: 'memory', hasSecret: true }, hasPassword: false },
    });
    const status = await rpc.call('access.connect', { name: 'cloud-oauth' });
    const principal = `User:${secure.oauth.operatorClient}`;
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'connected', access: { principal, mechanism: 'OAUTHBEARER', protocol: 'SASL_SSL' } },
    });
    const topics = await rpc.call('topics.list', { filter: 'oauth-connect' });
    expect(topics.ok && (topics.value as Array<{ name: string }>).map((t) => t.name)).toContain(topic);
    expect(await rpc.call('access.identity', {})).toMatchObject({ ok: true, value: { principal } });
    // The token was asked for with the profile's scope, as basic auth.
    expect(endpoint.requests.at(-1)).toEqual({
      clientId: secure.oauth.operatorClient,
      auth: 'basic',
      scope: 'kafka',
    });
  });

  it('tests the profile step by step, with a token step before SASL', async () => {
    process.env[envName] = clientSecret;
    const tested = await rpc.call('access.testConnection', {
      profile: oauthProfile({ clientSecret: { from: 'env', name: envName }, clientAuth: 'body' }),
    });
    expect(tested).toMatchObject({ ok: true, value: { ok: true } });
    const steps = stepsOf(tested);
    expect(steps.map(([step, outcome]) => [step, outcome])).toEqual([
      ['dns', 'ok'],
      ['tcp', 'ok'],
      ['tls', 'ok'],
      ['token', 'ok'],
      ['sasl', 'ok'],
      ['metadata', 'ok'],
      ['registry', 'skipped'],
    ]);
    expect(steps[3]![2]).toBe(
      `${endpoint.url} issued a token for ${secure.oauth.operatorClient}, valid for 3600 s`,
    );
    expect(steps[4]![2]).toBe(`signed in as User:${secure.oauth.operatorClient} with OAUTHBEARER`);
    expect(endpoint.requests.at(-1)?.auth).toBe('body');
  });

  it('says the token endpoint refused the client credentials (401), on the client secret field', async () => {
    const before = backend.connection.status();
    await rpc.call('access.saveProfile', {
      profile: oauthProfile({ name: 'wrong-secret', clientSecret: { from: 'value', value: wrongSecret } }),
    });
    const connected = await rpc.call('access.connect', { name: 'wrong-secret' });
    expect(connected.ok).toBe(false);
    const error = (connected as { error: AppError }).error;
    expect(error).toMatchObject({ code: 'auth', field: 'clientSecret', reason: 'invalid-profile' });
    expect(error.message).toContain('token endpoint refused the client credentials (401)');
    // Nothing is lost: the connection that was there stays.
    expect(backend.connection.status()).toMatchObject({ state: 'connected', bootstrap: before.bootstrap });

    const tested = await rpc.call('access.testConnection', { name: 'wrong-secret' });
    expect(tested).toMatchObject({ ok: true, value: { ok: false, failedStep: 'token' } });
    const token = stepsOf(tested).find(([step]) => step === 'token')!;
    expect(token[2]).toContain('token endpoint refused the client credentials (401)');
    expect(
      stepsOf(tested)
        .slice(4)
        .map(([, outcome]) => outcome),
    ).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('says a token endpoint that does not answer timed out after 5 s, in its own words', async () => {
    endpoint.hang = true;
    try {
      const started = Date.now();
      const connected = await rpc.call('access.connect', { name: 'cloud-oauth' });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(4_900);
      expect(elapsed).toBeLessThan(8_000);
      expect(connected).toMatchObject({
        ok: false,
        error: {
          code: 'unreachable',
          field: 'tokenEndpoint',
          message: `tokenEndpoint: the token endpoint ${endpoint.url} did not answer within 5 s`,
        },
      });
      const tested = await rpc.call('access.testConnection', { name: 'cloud-oauth' });
      expect(tested).toMatchObject({ ok: true, value: { ok: false, failedStep: 'token' } });
      expect(stepsOf(tested).find(([step]) => step === 'token')![2]).toBe(
        `the token endpoint ${endpoint.url} did not answer within 5 s`,
      );
    } finally {
      endpoint.hang = false;
    }
  }, 30_000);

  it('never lets the client secret or a token out of main, whatever channel answered', async () => {
    await rpc.call('access.connect', { name: 'cloud-oauth' });
    for (const channel of [
      'cluster.status',
      'cluster.overview',
      'access.profiles',
      'access.identity',
    ] as const)
      await rpc.call(channel, {});
    const secrets = [clientSecret, wrongSecret, ...endpoint.issued];
    expect(endpoint.issued.length).toBeGreaterThanOrEqual(3);
    expect(rpc.outputs.length).toBeGreaterThan(12);
    const called = new Set(rpc.outputs.map((o) => o.channel));
    expect([...called].every((c) => channels.includes(c))).toBe(true);
    for (const { channel, json } of rpc.outputs)
      for (const secret of secrets) expect(json.includes(secret), `${channel} leaked a secret`).toBe(false);
  });
});
