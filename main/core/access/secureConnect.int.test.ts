import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from '../../../shared/contract';
import { isolatedPipelineMap } from '../../../shared/pipelineMap';
import { startSecureTestBroker, type SecureTestBroker } from '../../../tools/test/secureBroker';
import { uniqueName } from '../../../tools/test/names';
import { adminKafka } from '../../../tools/kafka/secureBroker';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { parseProfilesFile } from './profileFile';
import {
  mtlsProfile,
  recordingDispatch,
  saslSslProfile,
  type RecordingDispatch,
} from '../test/secureProfiles';

let secure: SecureTestBroker;
let backend: ConsoleBackend;
let rpc: RecordingDispatch;
let secretDir: string;
const topic = uniqueName('payments.secure-connect');
const envName = `EVENTDESK_TEST_SECRET_${Date.now().toString(36).toUpperCase()}`;

beforeAll(async () => {
  secure = await startSecureTestBroker();
  const admin = adminKafka(secure).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  secretDir = mkdtempSync(join(tmpdir(), 'access-secrets-'));
  backend = createConsoleBackend();
  rpc = recordingDispatch(() => backend.handlers);
});

afterAll(async () => {
  await backend?.dispose();
  await secure?.stop();
  delete process.env[envName];
  if (secretDir) rmSync(secretDir, { recursive: true, force: true });
});

describe('connecting with a profile to the secured broker', () => {
  it('connects with SCRAM-SHA-512 over TLS with a custom CA and lists topics, as User:alice', async () => {
    const saved = await rpc.call('access.saveProfile', { profile: saslSslProfile(secure, 'operator') });
    expect(saved).toMatchObject({ ok: true, value: { hasPassword: true, password: { from: 'memory' } } });
    const status = await rpc.call('access.connect', { name: 'operator-scram512' });
    expect(status).toMatchObject({
      ok: true,
      value: {
        state: 'connected',
        access: { profile: 'operator-scram512', principal: 'User:alice', mechanism: 'SCRAM-SHA-512' },
      },
    });
    const topics = await rpc.call('topics.list', { filter: 'secure-connect' });
    expect(topics.ok && (topics.value as Array<{ name: string }>).map((t) => t.name)).toContain(topic);
    const identity = await rpc.call('access.identity', {});
    expect(identity).toMatchObject({ ok: true, value: { principal: 'User:alice' } });
    expect(identity.ok && (identity.value as { who: string }).who).toMatch(/^User:alice \(os user .+\)$/);
  });

  it('reads a password from a file or an environment variable the profile names', async () => {
    const file = join(secretDir, 'viewer-password');
    writeFileSync(file, `${secure.users.viewer.password}\n`, { mode: 0o600 });
    await rpc.call('access.saveProfile', {
      profile: saslSslProfile(secure, 'viewer', {
        name: 'viewer-file',
        password: { from: 'file', path: file },
      }),
    });
    const fromFile = await rpc.call('access.connect', { name: 'viewer-file' });
    expect(fromFile).toMatchObject({
      ok: true,
      value: { state: 'connected', access: { principal: 'User:bob' } },
    });

    process.env[envName] = secure.users.viewer.password;
    await rpc.call('access.saveProfile', {
      profile: saslSslProfile(secure, 'viewer', {
        name: 'viewer-env',
        mechanism: 'SCRAM-SHA-256',
        password: { from: 'env', name: envName },
      }),
    });
    const fromEnv = await rpc.call('access.connect', { name: 'viewer-env' });
    expect(fromEnv).toMatchObject({
      ok: true,
      value: { state: 'connected', access: { mechanism: 'SCRAM-SHA-256' } },
    });
    const profiles = await rpc.call('access.profiles', {});
    expect(profiles).toMatchObject({
      ok: true,
      value: expect.arrayContaining([
        expect.objectContaining({
          name: 'viewer-env',
          password: { from: 'env', name: envName, hasSecret: true },
        }),
      ]),
    });
  });

  it('connects at start with a profile from a profiles file (secret named by variable)', async () => {
    process.env[envName] = secure.users.viewer.password;
    const file = parseProfilesFile(
      JSON.stringify([
        saslSslProfile(secure, 'viewer', { name: 'from-file', password: { from: 'env', name: envName } }),
      ]),
    );
    if (!file.ok) throw new Error(file.problems.join('\n'));
    const started = createConsoleBackend({ profiles: file.profiles, connectProfile: 'from-file' });
    try {
      for (let i = 0; i < 50 && started.connection.status().state !== 'connected'; i++)
        await new Promise((ok) => setTimeout(ok, 100));
      expect(started.connection.status()).toMatchObject({
        state: 'connected',
        access: { principal: 'User:bob' },
      });
    } finally {
      await started.dispose();
    }
  });

  it("uses the profile's own pipeline map file while connected with it", async () => {
    const mapFile = join(secretDir, 'east-map.json');
    writeFileSync(mapFile, JSON.stringify(isolatedPipelineMap('payments.east', [{ name: 'receipts' }])));
    await rpc.call('access.saveProfile', {
      profile: saslSslProfile(secure, 'viewer', { name: 'viewer-east', pipelineMapFile: mapFile }),
    });
    await rpc.call('access.connect', { name: 'viewer-east' });
    expect(await rpc.call('pipeline.map', {})).toMatchObject({
      ok: true,
      value: { source: 'file', path: mapFile, map: { sourceTopic: 'payments.east.src' } },
    });
  });

  it('connects with a client certificate (mTLS) and names the certificate subject as the principal', async () => {
    await rpc.call('access.saveProfile', { profile: mtlsProfile(secure, 'alice') });
    const status = await rpc.call('access.connect', { name: 'alice-mtls' });
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'connected', access: { principal: 'User:CN=alice' } },
    });
    const topics = await rpc.call('topics.list', { filter: 'secure-connect' });
    expect(topics.ok && (topics.value as Array<{ name: string }>).map((t) => t.name)).toContain(topic);
  });

  it('keeps a stored password on an edit that says keep, and tests the profile step by step', async () => {
    const kept = await rpc.call('access.saveProfile', {
      profile: saslSslProfile(secure, 'operator', { password: { from: 'keep' }, environment: 'production' }),
    });
    expect(kept).toMatchObject({ ok: true, value: { hasPassword: true, environment: 'production' } });
    const tested = await rpc.call('access.testConnection', { name: 'operator-scram512' });
    expect(tested).toMatchObject({ ok: true, value: { ok: true } });
    const steps = tested.ok
      ? (tested.value as { steps: Array<{ step: string; outcome: string }> }).steps
      : [];
    expect(steps.map((s) => [s.step, s.outcome])).toEqual([
      ['dns', 'ok'],
      ['tcp', 'ok'],
      ['tls', 'ok'],
      ['token', 'skipped'],
      ['sasl', 'ok'],
      ['metadata', 'ok'],
      ['registry', 'skipped'],
    ]);
  });

  it('never lets a password, passphrase or key out of main, whatever channel answered', async () => {
    // Every read channel once more on the connected profile, so their outputs are in the scan too.
    await rpc.call('access.connect', { name: 'operator-scram512' });
    for (const channel of [
      'cluster.status',
      'cluster.overview',
      'access.profiles',
      'access.identity',
      'access.permissions',
    ] as const)
      await rpc.call(channel, {});
    const secrets = [
      ...Object.values(secure.users).map((u) => u.password),
      ...Object.values(secure.certs.clients).map((c) => readFileSync(c.keyFile, 'utf8').split('\n')[1]!),
    ];
    expect(rpc.outputs.length).toBeGreaterThan(15);
    const called = new Set(rpc.outputs.map((o) => o.channel));
    expect([...called].every((c) => channels.includes(c))).toBe(true);
    for (const { channel, json } of rpc.outputs)
      for (const secret of secrets) expect(json.includes(secret), `${channel} leaked a secret`).toBe(false);
  });
});
