// The client against a tiny local HTTP server (no registry behaviour is faked beyond status codes): caching,
// basic auth, and how long a failure is remembered.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaRegistryClient, SchemaLookupError } from './registryClient';

describe('schema registry client', () => {
  let server: Server;
  let base = '';
  const seen: string[] = [];
  let authorization: string | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      authorization = req.headers.authorization;
      if (req.url === '/schemas/ids/1') return res.end(JSON.stringify({ schema: '"string"' }));
      if (req.url === '/schemas/ids/1/versions')
        return res.end(JSON.stringify([{ subject: 's', version: 3 }]));
      if (req.url === '/schemas/ids/2') return res.writeHead(401).end('{}');
      res.writeHead(404).end(JSON.stringify({ error_code: 40403 }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('asks once per id, sends basic auth, and defaults the type to Avro', async () => {
    const client = createSchemaRegistryClient({ url: base, auth: { username: 'u', password: 'p:w' } });
    const [a, b] = await Promise.all([client.schemaById(1), client.schemaById(1)]);
    expect(a).toEqual({ id: 1, schemaType: 'AVRO', schema: '"string"', subject: 's', version: 3 });
    expect(b).toBe(a);
    expect(seen.filter((u) => u === '/schemas/ids/1')).toHaveLength(1);
    expect(authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
  });

  it('names an unknown id and a refusal, and asks again only after the retry time', async () => {
    let now = 0;
    const client = createSchemaRegistryClient({ url: base }, { retryAfterMs: 1000, now: () => now });
    await expect(client.schemaById(5)).rejects.toEqual(
      new SchemaLookupError('unknown-id', 'schema id 5 is not in the schema registry'),
    );
    await expect(client.schemaById(2)).rejects.toMatchObject({ kind: 'refused' });
    const asked = () => seen.filter((u) => u === '/schemas/ids/5').length;
    const before = asked();
    now = 999;
    await client.schemaById(5).catch(() => undefined);
    expect(asked()).toBe(before);
    now = 1000;
    await client.schemaById(5).catch(() => undefined);
    expect(asked()).toBe(before + 1);
  });
});
