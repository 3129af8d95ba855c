// A real schema registry for the integration tests that need one, started lazily by the file that asks
// (other suites never pay its start-up) and stopped after it; EVENTDESK_TEST_SCHEMA_REGISTRY names a running
// one instead. Also the tests' way to register a schema through the Confluent-compatible API.
import { afterAll, beforeAll } from 'vitest';
import { startRegistry, type RunningRegistry } from '../registry/registry';

export interface TestRegistry {
  /** Base URL of the Confluent-compatible API; valid from beforeAll on. */
  url(): string;
}

/** Call at the top of a test file: starts a registry before its tests, stops it after them. */
export function useSchemaRegistry(): TestRegistry {
  let registry: RunningRegistry | undefined;
  let url = process.env.EVENTDESK_TEST_SCHEMA_REGISTRY;
  beforeAll(async () => {
    if (url) return;
    registry = await startRegistry({ log: (l) => console.log(`[registry] ${l}`) });
    url = registry.url;
  }, 180_000);
  afterAll(async () => {
    await registry?.stop();
  });
  return {
    url() {
      if (!url) throw new Error('the schema registry is not started yet (use it from a test or hook)');
      return url;
    },
  };
}

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

/** Registers a schema under a subject; resolves with the registry's schema id. */
export async function registerSchema(
  url: string,
  subject: string,
  schemaType: SchemaType,
  schema: string,
): Promise<number> {
  const res = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schemaType, schema }),
  });
  const body = (await res.json()) as { id?: number; message?: string };
  if (!res.ok || typeof body.id !== 'number')
    throw new Error(`registering ${subject} failed: ${res.status} ${body.message ?? JSON.stringify(body)}`);
  return body.id;
}
