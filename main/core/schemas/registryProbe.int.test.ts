// "Test connection"'s registry step against a real Apicurio Registry (its Confluent-compatible API): the subjects
// it holds, a URL that is not the API, a port nothing listens on, a profile that names none. A registry that
// demands a bearer token is a plain node:http server here (Apicurio's own auth needs an OIDC server).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionProfileSchema } from '../../../shared/access';
import { registerSchema, useSchemaRegistry } from '../../../tools/test/schemaRegistry';
import { createProfileStore } from '../access/profileStore';
import { probeRegistry } from './registryProbe';

const registry = useSchemaRegistry();
const env: Record<string, string> = { REGISTRY_TOKEN: 'probe-token-7781' };
const secrets = {
  readEnv: (name: string) => env[name],
  readFile: async () => {
    throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
  },
};

function stored(fields: Record<string, unknown>) {
  const profiles = createProfileStore();
  profiles.hold(connectionProfileSchema.parse({ name: 'p', bootstrap: 'b:9092', ...fields }));
  return profiles.get('p');
}

let guarded: Server;
let guardedUrl = '';
beforeAll(async () => {
  guarded = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${env.REGISTRY_TOKEN}`;
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(ok ? '["payments-value"]' : '{"message":"unauthorized"}');
  });
  await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', resolve));
  guardedUrl = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => guarded.close(() => resolve())));

describe('the registry step of Test connection', () => {
  it('counts the subjects of a real registry', async () => {
    const url = registry.url();
    await registerSchema(url, `probe-${Date.now()}-value`, 'AVRO', '"string"');
    const subjects = (await (await fetch(`${url}/subjects`)).json()) as string[];
    const step = await probeRegistry(stored({ schemaRegistryUrl: url }), secrets);
    expect(step).toMatchObject({ step: 'registry', outcome: 'ok' });
    expect(step.detail).toBe(
      `${url} answered: ${subjects.length} subject${subjects.length === 1 ? '' : 's'}`,
    );
  });

  it('says when the URL is the server but not its Confluent-compatible API', async () => {
    const root = new URL(registry.url()).origin;
    const step = await probeRegistry(stored({ schemaRegistryUrl: `${root}/nothing-here` }), secrets);
    expect(step.outcome).toBe('failed');
    expect(step.detail).toContain(
      `no Confluent-compatible API at ${root}/nothing-here (HTTP 404 on /subjects`,
    );
  });

  it('says when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const step = await probeRegistry(stored({ schemaRegistryUrl: `http://127.0.0.1:${port}` }), secrets);
    expect(step).toMatchObject({
      outcome: 'failed',
      detail: `schema registry unreachable at http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });

  it('signs in with the token the profile names, and says when the registry refuses', async () => {
    const withToken = stored({
      schemaRegistryUrl: guardedUrl,
      schemaRegistryToken: { from: 'env', name: 'REGISTRY_TOKEN' },
    });
    const ok = await probeRegistry(withToken, secrets);
    expect(ok).toMatchObject({
      outcome: 'ok',
      detail: `${guardedUrl} answered with a bearer token: 1 subject`,
    });
    expect(JSON.stringify(ok)).not.toContain(env.REGISTRY_TOKEN);
    const refused = await probeRegistry(stored({ schemaRegistryUrl: guardedUrl }), secrets);
    expect(refused).toMatchObject({
      outcome: 'failed',
      detail: 'schema registry refused the request (HTTP 401)',
    });
    await expect(
      probeRegistry(
        stored({ schemaRegistryUrl: guardedUrl, schemaRegistryToken: { from: 'env', name: 'UNSET_VAR' } }),
        secrets,
      ),
    ).rejects.toMatchObject({ message: expect.stringContaining('UNSET_VAR is not set') });
  });

  it('is skipped for a profile that names no registry', async () => {
    expect(await probeRegistry(stored({}), secrets)).toMatchObject({ step: 'registry', outcome: 'skipped' });
  });
});
