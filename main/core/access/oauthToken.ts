// OAUTHBEARER tokens from a client-credentials endpoint (RFC 6749 §4.4): an HTTP POST with a form body, the
// client's id and secret as basic auth (the default) or in the body, a 5 s limit. A token is kept until shortly
// before it expires and callers at the same moment share one request. Failures are TokenEndpointErrors whose
// words name the endpoint and the HTTP status, never the secret or a token.
import { z } from 'zod';

export interface OAuthClient {
  endpoint: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  clientAuth?: 'basic' | 'body';
}

export interface OAuthToken {
  value: string;
  /** When the endpoint says the token stops being valid (ms since the epoch). */
  expiresAt: number;
  /** The JWT's `sub` claim, when the token is a JWT: the principal the broker will likely name. */
  subject: string | null;
}

export interface TokenSourceOptions {
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

export interface TokenSource {
  /** A valid token: the cached one, or a fresh one when it is near expiry. */
  token(): Promise<OAuthToken>;
  /** The endpoint as it may be shown (no credentials, no query). */
  readonly endpoint: string;
}

/** The profile field a person would fix for this failure. */
export type TokenProblemField = 'clientSecret' | 'tokenEndpoint';

export class TokenEndpointError extends Error {
  override readonly name = 'TokenEndpointError';
  constructor(
    message: string,
    readonly field: TokenProblemField,
    /** `refused`: 401/400 invalid_client; `unreachable`: timeout or network; `bad-answer`: anything else. */
    readonly kind: 'refused' | 'unreachable' | 'bad-answer',
  ) {
    super(message);
  }
}

/** Lifetime assumed when the endpoint names none and the token is not a JWT with `exp`. */
const defaultLifetimeMs = 300_000;

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

const errorAnswer = z.object({ error: z.string().regex(/^[\w.-]{1,64}$/) });

/** `https://host/path` of a URL: what a message may show of it. */
export function shownEndpoint(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** The JWT claims of a token, or null when it is not a JWT (an opaque token is fine too). */
function jwtClaims(token: string): { sub?: unknown; exp?: unknown } | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null
      ? (claims as { sub?: unknown; exp?: unknown })
      : null;
  } catch {
    return null;
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before they are joined for basic auth. */
const formEncode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');

/** When to fetch again: a minute before expiry, or at 80 % of a short lifetime. */
const refreshAt = (obtained: number, expiresAt: number) =>
  expiresAt - Math.min(60_000, (expiresAt - obtained) * 0.2);

export function createTokenSource(client: OAuthClient, options: TokenSourceOptions = {}): TokenSource {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const endpoint = shownEndpoint(client.endpoint);
  let cached: { token: OAuthToken; refreshAt: number } | null = null;
  let inFlight: Promise<OAuthToken> | null = null;

  const request = async (): Promise<OAuthToken> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (client.scope) body.set('scope', client.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (client.clientAuth === 'body') {
      body.set('client_id', client.clientId);
      body.set('client_secret', client.clientSecret);
    } else {
      const pair = `${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    }
    const started = now();
    let response: Response;
    let text: string;
    try {
      response = await doFetch(client.endpoint, {
        method: 'POST',
        headers,
        body: body.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new TokenEndpointError(
          `the token endpoint ${endpoint} did not answer within ${timeoutMs / 1000} s`,
          'tokenEndpoint',
          'unreachable',
        );
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new TokenEndpointError(
        `cannot reach the token endpoint ${endpoint} (${cause})`,
        'tokenEndpoint',
        'unreachable',
      );
    }
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON: said below by status or by shape.
    }
    const oauthError = errorAnswer.safeParse(json);
    const errorCode = oauthError.success ? oauthError.data.error : null;
    if (response.status === 401 || errorCode === 'invalid_client')
      throw new TokenEndpointError(
        `the token endpoint refused the client credentials (${response.status}); check the client id "${client.clientId}" and its secret`,
        'clientSecret',
        'refused',
      );
    if (!response.ok)
      throw new TokenEndpointError(
        `the token endpoint ${endpoint} answered ${response.status}${errorCode ? ` (${errorCode})` : ''}`,
        'tokenEndpoint',
        'bad-answer',
      );
    const answer = tokenAnswer.safeParse(json);
    if (!answer.success)
      throw new TokenEndpointError(
        `the token endpoint ${endpoint} answered without an access_token`,
        'tokenEndpoint',
        'bad-answer',
      );
    if (answer.data.token_type && answer.data.token_type.toLowerCase() !== 'bearer')
      throw new TokenEndpointError(
        `the token endpoint ${endpoint} issued a ${answer.data.token_type.slice(0, 20)} token, not a bearer token`,
        'tokenEndpoint',
        'bad-answer',
      );
    const value = answer.data.access_token;
    const claims = jwtClaims(value);
    const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : null;
    const expiresAt =
      answer.data.expires_in !== undefined
        ? started + answer.data.expires_in * 1000
        : (exp ?? started + defaultLifetimeMs);
    const subject = typeof claims?.sub === 'string' && claims.sub !== '' ? claims.sub : null;
    const token: OAuthToken = { value, expiresAt, subject };
    cached = { token, refreshAt: refreshAt(started, expiresAt) };
    return token;
  };

  return {
    endpoint,
    token() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= request().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}
