// A Confluent-compatible schema registry client (Apicurio's ccompat API, Confluent, Karapace): schemas by
// id with the subject and version that carry them, cached, and registering a schema under a subject. Failures
// are cached briefly so a scan of a million records asks an unreachable registry a few times, not a million.
// Plain fetch, no Node built-ins: the console's main process and the reference pipeline's services share it.
export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface RegisteredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  /** The first subject/version the registry names for this id (absent if it names none). */
  subject?: string;
  version?: number;
}

export type LookupFailureKind = 'unknown-id' | 'unreachable' | 'refused' | 'bad-response';

export class SchemaLookupError extends Error {
  constructor(
    readonly kind: LookupFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'SchemaLookupError';
  }
}

export interface SchemaRegistrySettings {
  /** Base URL of the Confluent-compatible API, e.g. http://localhost:8081 or …/apis/ccompat/v7. */
  url: string;
  /** HTTP basic auth; stays in main. */
  auth?: { username: string; password: string };
  /** A bearer token (`Authorization: Bearer …`), instead of basic auth; stays in main. */
  bearerToken?: string;
}

export interface SchemaRegistryClient {
  schemaById(id: number): Promise<RegisteredSchema>;
  /** Registers the schema under the subject (or finds it there) and answers its id. */
  register(subject: string, schemaType: SchemaType, schema: string): Promise<number>;
  /** The subjects the registry holds: the cheapest call that proves the URL and the credentials. */
  subjects(): Promise<string[]>;
  /** The base URL requests go to, without credentials (safe to show). */
  readonly base: string;
}

/** Base64 of UTF-8 text, without Node's Buffer. */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The Authorization header value of the settings, if they carry credentials. */
export function registryAuthorization(settings: SchemaRegistrySettings): string | undefined {
  const target = registryTarget(settings);
  if (!target.ok) return undefined;
  if (settings.bearerToken) return `Bearer ${settings.bearerToken}`;
  return target.auth ? `Basic ${base64(`${target.auth.username}:${target.auth.password}`)}` : undefined;
}

export interface ClientOptions {
  timeoutMs?: number;
  /** How long a failed lookup is remembered before it is tried again. */
  retryAfterMs?: number;
  now?: () => number;
}

/**
 * The base URL without credentials (they go in the Authorization header, and never into a message), and the
 * basic auth: the settings' own, or the URL's user and password.
 */
function registryTarget(
  settings: SchemaRegistrySettings,
): { ok: true; base: string; auth?: { username: string; password: string } } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(settings.url);
  } catch {
    return { ok: false, reason: 'the schema registry URL is not a valid http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `the schema registry URL must be http or https, not ${url.protocol}` };
  const fromUrl = url.username
    ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
    : undefined;
  url.username = '';
  url.password = '';
  const auth = settings.auth ?? fromUrl;
  return { ok: true, base: url.toString().replace(/\/+$/, ''), ...(auth ? { auth } : {}) };
}

export function createSchemaRegistryClient(
  settings: SchemaRegistrySettings,
  options: ClientOptions = {},
): SchemaRegistryClient {
  const target = registryTarget(settings);
  const base = target.ok ? target.base : '';
  const timeoutMs = options.timeoutMs ?? 3000;
  const retryAfterMs = options.retryAfterMs ?? 15_000;
  const now = options.now ?? Date.now;
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json' };
  const authorization = registryAuthorization(settings);
  if (authorization) headers.Authorization = authorization;
  const found = new Map<number, Promise<RegisteredSchema>>();
  const failedAt = new Map<number, number>();

  const get = async (path: string, post?: unknown): Promise<unknown> => {
    if (!target.ok) throw new SchemaLookupError('unreachable', target.reason);
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        headers: post === undefined ? headers : { ...headers, 'Content-Type': headers.Accept! },
        signal: AbortSignal.timeout(timeoutMs),
        ...(post === undefined ? {} : { method: 'POST', body: JSON.stringify(post) }),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new SchemaLookupError('unreachable', `schema registry unreachable at ${base} (${cause})`);
    }
    if (res.status === 404) throw new SchemaLookupError('unknown-id', 'not found');
    if (res.status === 401 || res.status === 403)
      throw new SchemaLookupError('refused', `schema registry refused the request (HTTP ${res.status})`);
    if (!res.ok) throw new SchemaLookupError('bad-response', `schema registry answered HTTP ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw new SchemaLookupError('bad-response', 'schema registry answered with something other than JSON');
    }
  };

  const lookup = async (id: number): Promise<RegisteredSchema> => {
    let body: unknown;
    try {
      body = await get(`/schemas/ids/${id}`);
    } catch (err) {
      if (err instanceof SchemaLookupError && err.kind === 'unknown-id')
        throw new SchemaLookupError('unknown-id', `schema id ${id} is not in the schema registry`);
      throw err;
    }
    const { schema, schemaType } = body as { schema?: unknown; schemaType?: unknown };
    if (typeof schema !== 'string')
      throw new SchemaLookupError('bad-response', `schema registry sent no schema text for id ${id}`);
    const type = schemaType === undefined ? 'AVRO' : schemaType;
    if (type !== 'AVRO' && type !== 'PROTOBUF' && type !== 'JSON')
      throw new SchemaLookupError(
        'bad-response',
        `schema id ${id} has type ${String(type)}, not decoded here`,
      );
    const result: RegisteredSchema = { id, schemaType: type, schema };
    // Subject and version are for display: a registry without this endpoint still decodes.
    const versions = await get(`/schemas/ids/${id}/versions`).catch(() => null);
    const first = Array.isArray(versions) ? (versions[0] as { subject?: unknown; version?: unknown }) : null;
    if (first && typeof first.subject === 'string') result.subject = first.subject;
    if (first && typeof first.version === 'number') result.version = first.version;
    return result;
  };

  return {
    schemaById(id) {
      const failed = failedAt.get(id);
      if (failed !== undefined && now() - failed >= retryAfterMs) {
        found.delete(id);
        failedAt.delete(id);
      }
      let pending = found.get(id);
      if (!pending) {
        pending = lookup(id);
        pending.catch(() => failedAt.set(id, now()));
        found.set(id, pending);
      }
      return pending;
    },
    async register(subject, schemaType, schema) {
      const body = await get(`/subjects/${encodeURIComponent(subject)}/versions`, {
        schema,
        ...(schemaType === 'AVRO' ? {} : { schemaType }),
      });
      const id = (body as { id?: unknown }).id;
      if (typeof id !== 'number')
        throw new SchemaLookupError('bad-response', `schema registry answered no id for subject ${subject}`);
      return id;
    },
    async subjects() {
      let body: unknown;
      try {
        body = await get('/subjects');
      } catch (err) {
        if (err instanceof SchemaLookupError && err.kind === 'unknown-id')
          throw new SchemaLookupError(
            'bad-response',
            `no Confluent-compatible API at ${base} (HTTP 404 on /subjects; Apicurio's ends in /apis/ccompat/v7)`,
          );
        throw err;
      }
      if (!Array.isArray(body) || !body.every((s) => typeof s === 'string'))
        throw new SchemaLookupError('bad-response', `${base}/subjects did not answer a list of subjects`);
      return body as string[];
    },
    base,
  };
}
