// The token source against a real (local, node:http) client-credentials endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../tools/kafka/broker';
import { startTokenEndpoint, type RunningTokenEndpoint } from '../../../tools/test/tokenEndpoint';
import { TokenEndpointError, createTokenSource } from './oauthToken';

const client = { clientId: 'console ops', clientSecret: 'sécret:with+odd&chars-3f9a' };
let endpoint: RunningTokenEndpoint;

beforeAll(async () => {
  endpoint = await startTokenEndpoint({ clients: [client], lifetimeSeconds: 600 });
});
afterAll(async () => {
  await endpoint?.stop();
});

const failureOf = async (promise: Promise<unknown>): Promise<TokenEndpointError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenEndpointError);
  return error as TokenEndpointError;
};

describe('OAUTHBEARER token source', () => {
  it('gets a token with basic auth (form-encoded id and secret) and reads its subject and lifetime', async () => {
    const before = endpoint.requests.length;
    const source = createTokenSource({ endpoint: endpoint.url, ...client, scope: 'kafka' });
    const started = Date.now();
    const token = await source.token();
    expect(token.value).toBe(endpoint.issued.at(-1));
    expect(token.subject).toBe('console ops');
    expect(token.expiresAt - started).toBeGreaterThan(590_000);
    expect(token.expiresAt - started).toBeLessThanOrEqual(601_000);
    expect(endpoint.requests.slice(before)).toEqual([
      { clientId: 'console ops', auth: 'basic', scope: 'kafka' },
    ]);
  });

  it('sends the credentials in the form body when the profile says so', async () => {
    const before = endpoint.requests.length;
    const token = await createTokenSource({ endpoint: endpoint.url, ...client, clientAuth: 'body' }).token();
    expect(token.subject).toBe('console ops');
    expect(endpoint.requests.slice(before)).toEqual([{ clientId: 'console ops', auth: 'body', scope: null }]);
  });

  it('keeps the token until near expiry, shares one request between callers, then fetches again', async () => {
    let now = Date.now();
    const source = createTokenSource({ endpoint: endpoint.url, ...client }, { now: () => now });
    const before = endpoint.requests.length;
    const [a, b] = await Promise.all([source.token(), source.token()]);
    expect(a.value).toBe(b.value);
    now += 500_000; // 100 s before a 600 s token expires: still kept
    expect((await source.token()).value).toBe(a.value);
    expect(endpoint.requests.length - before).toBe(1);
    now += 45_000; // 55 s before expiry: within the last minute, so a new one
    const fresh = await source.token();
    expect(endpoint.requests.length - before).toBe(2);
    expect(fresh.value).not.toBe(a.value);
  });

  it('says a 401 refused the client credentials, without the secret', async () => {
    const wrong = 'not-the-secret-7c1d';
    const error = await failureOf(
      createTokenSource({ endpoint: endpoint.url, clientId: client.clientId, clientSecret: wrong }).token(),
    );
    expect(error.message).toContain('token endpoint refused the client credentials (401)');
    expect(error.kind).toBe('refused');
    expect(error.field).toBe('clientSecret');
    expect(error.message).not.toContain(wrong);
  });

  it('says an endpoint that does not answer in time timed out, in its own words', async () => {
    endpoint.hang = true;
    try {
      const started = Date.now();
      const error = await failureOf(
        createTokenSource({ endpoint: endpoint.url, ...client }, { timeoutMs: 400 }).token(),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error.message).toBe(`the token endpoint ${endpoint.url} did not answer within 0.4 s`);
      expect(error.kind).toBe('unreachable');
      expect(error.field).toBe('tokenEndpoint');
    } finally {
      endpoint.hang = false;
    }
  });

  it('names an endpoint nobody listens on, and a path that is not a token endpoint', async () => {
    const port = await freePort();
    const closed = await failureOf(
      createTokenSource({ endpoint: `http://127.0.0.1:${port}/token`, ...client }).token(),
    );
    expect(closed.message).toBe(
      `cannot reach the token endpoint http://127.0.0.1:${port}/token (ECONNREFUSED)`,
    );
    const wrongPath = endpoint.url.replace('/token', '/nope?secret=1');
    const notFound = await failureOf(createTokenSource({ endpoint: wrongPath, ...client }).token());
    expect(notFound.message).toBe(
      `the token endpoint ${endpoint.url.replace('/token', '/nope')} answered 404 (not_found)`,
    );
  });
});
