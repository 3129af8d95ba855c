// A small, real OAuth 2.0 client-credentials token endpoint for tests (node:http): POST /token with a form
// body, the client as basic auth or as client_id/client_secret in the body. It issues unsecured JWTs
// (`alg: none`, `sub` the client id), which the secured broker's OAUTHBEARER listener accepts with Kafka's
// unsecured validator: test only. A wrong secret gets 401 invalid_client; `hang` makes it accept and never answer.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestOAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface TokenEndpointOptions {
  clients: TestOAuthClient[];
  /** Lifetime of the tokens it issues (and their `exp`), 3600 s when omitted. */
  lifetimeSeconds?: number;
}

export interface RunningTokenEndpoint {
  /** http://127.0.0.1:port/token */
  url: string;
  /** Tokens issued so far, newest last (for a test to scan outputs for them). */
  issued: string[];
  /** Requests answered or left hanging, by how the client authenticated. */
  requests: Array<{ clientId: string | null; auth: 'basic' | 'body' | 'none'; scope: string | null }>;
  /** While true, every request is accepted and never answered (the timeout case). */
  hang: boolean;
  stop(): Promise<void>;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWS (RFC 7515 with `alg: none`): header.claims. with an empty signature. */
export function unsecuredJwt(subject: string, lifetimeSeconds: number, scope?: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    sub: subject,
    iat,
    exp: iat + lifetimeSeconds,
    jti: randomBytes(8).toString('hex'),
    ...(scope ? { scope } : {}),
  };
  return `${base64url({ alg: 'none' })}.${base64url(claims)}.`;
}

const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));

function credentialsOf(
  request: IncomingMessage,
  form: URLSearchParams,
): { clientId: string | null; secret: string | null; auth: 'basic' | 'body' | 'none' } {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const pair = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    if (colon > 0)
      return {
        clientId: formDecode(pair.slice(0, colon)),
        secret: formDecode(pair.slice(colon + 1)),
        auth: 'basic',
      };
  }
  if (form.has('client_id'))
    return { clientId: form.get('client_id'), secret: form.get('client_secret'), auth: 'body' };
  return { clientId: null, secret: null, auth: 'none' };
}

const answer = (response: ServerResponse, status: number, body: object) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

export async function startTokenEndpoint(options: TokenEndpointOptions): Promise<RunningTokenEndpoint> {
  const lifetime = options.lifetimeSeconds ?? 3600;
  const secrets = new Map(options.clients.map((c) => [c.clientId, c.clientSecret]));
  const hanging = new Set<ServerResponse>();
  const state: Pick<RunningTokenEndpoint, 'issued' | 'requests' | 'hang'> = {
    issued: [],
    requests: [],
    hang: false,
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/token')
        return answer(response, 404, { error: 'not_found' });
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const { clientId, secret, auth } = credentialsOf(request, form);
      const scope = form.get('scope');
      state.requests.push({ clientId, auth, scope });
      if (state.hang) {
        hanging.add(response);
        return;
      }
      if (form.get('grant_type') !== 'client_credentials')
        return answer(response, 400, { error: 'unsupported_grant_type' });
      if (clientId === null || secrets.get(clientId) !== secret)
        return answer(response, 401, { error: 'invalid_client' });
      const token = unsecuredJwt(clientId, lifetime, scope ?? undefined);
      state.issued.push(token);
      answer(response, 200, { access_token: token, token_type: 'Bearer', expires_in: lifetime });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const running: RunningTokenEndpoint = Object.assign(state, {
    url: `http://127.0.0.1:${port}/token`,
    async stop() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return running;
}
