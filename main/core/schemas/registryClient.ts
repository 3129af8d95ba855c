// A Confluent-compatible schema registry client (Apicurio's ccompat API, Confluent, Karapace): schemas by
// id with the subject and version that carry them, cached. Failures are cached briefly so a scan of a
// million records asks an unreachable registry a few times, not a million.
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
}

export interface SchemaRegistryClient {
  schemaById(id: number): Promise<RegisteredSchema>;
}

export interface ClientOptions {
  timeoutMs?: number;
  /** How long a failed lookup is remembered before it is tried again. */
  retryAfterMs?: number;
  now?: () => number;
}

export function createSchemaRegistryClient(
  settings: SchemaRegistrySettings,
  options: ClientOptions = {},
): SchemaRegistryClient {
  const base = settings.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 3000;
  const retryAfterMs = options.retryAfterMs ?? 15_000;
  const now = options.now ?? Date.now;
  const headers: Record<string, string> = { Accept: 'application/vnd.schemaregistry.v1+json' };
  if (settings.auth)
    headers.Authorization = `Basic ${Buffer.from(`${settings.auth.username}:${settings.auth.password}`).toString('base64')}`;
  const found = new Map<number, Promise<RegisteredSchema>>();
  const failedAt = new Map<number, number>();

  const get = async (path: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
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
  };
}
