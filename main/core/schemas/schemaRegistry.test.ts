// The client against a tiny local HTTP server (no registry behaviour is faked beyond status codes): caching,
// basic auth, and how long a failure is remembered.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaRegistryClient, SchemaLookupError } from '../../../shared/schemaRegistry';

describe('schema registry client', () => {
  let server: Server;
  let base = '';
  const seen: string[] = [];
  const posted: string[] = [];
  let authorization: string | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      authorization = req.headers.authorization;
      if (req.url === '/schemas/ids/1') return res.end(JSON.stringify({ schema: '"string"' }));
      if (req.url === '/schemas/ids/1/versions')
        return res.end(JSON.stringify([{ subject: 's', version: 3 }]));
      if (req.url === '/schemas/ids/2') return res.writeHead(401).end('{}');
      if (req.method === 'POST' && req.url === '/subjects/pay%2Fments-value/versions') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          posted.push(body);
          res.end(JSON.stringify({ id: 42 }));
        });
        return;
      }
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

  it('sends a bearer token instead, and registers a schema under a subject', async () => {
    const client = createSchemaRegistryClient({ url: base, bearerToken: 'tok-1' });
    await expect(client.register('pay/ments-value', 'AVRO', '"string"')).resolves.toBe(42);
    expect(authorization).toBe('Bearer tok-1');
    expect(JSON.parse(posted.at(-1)!)).toEqual({ schema: '"string"' });
    await client.register('pay/ments-value', 'PROTOBUF', 'syntax = "proto3";');
    expect(JSON.parse(posted.at(-1)!)).toEqual({ schema: 'syntax = "proto3";', schemaType: 'PROTOBUF' });
    await expect(client.register('other', 'AVRO', '"string"')).rejects.toMatchObject({ kind: 'unknown-id' });
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

  it('takes credentials from the URL into the header and out of every message', async () => {
    const withUser = base.replace('http://', 'http://ops:s%3Acret@');
    const client = createSchemaRegistryClient({ url: withUser });
    await client.schemaById(1);
    expect(authorization).toBe(`Basic ${Buffer.from('ops:s:cret').toString('base64')}`);
    // A port that was just free: nothing listens there.
    const gone = createServer();
    await new Promise<void>((ok) => gone.listen(0, '127.0.0.1', ok));
    const port = (gone.address() as { port: number }).port;
    await new Promise<void>((ok) => gone.close(() => ok()));
    const closed = createSchemaRegistryClient({ url: `http://ops:secret@127.0.0.1:${port}` });
    const failure = await closed.schemaById(1).catch((e: Error) => e);
    expect(failure).toMatchObject({ kind: 'unreachable' });
    expect((failure as Error).message).toBe(
      `schema registry unreachable at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });

  it('says a URL that is not one is not, without repeating it', async () => {
    const client = createSchemaRegistryClient({ url: 'registry:8081 with secret' });
    await expect(client.schemaById(1)).rejects.toMatchObject({
      kind: 'unreachable',
      message: 'the schema registry URL must be http or https, not registry:',
    });
    await expect(createSchemaRegistryClient({ url: 'not a url' }).schemaById(1)).rejects.toThrow(
      'the schema registry URL is not a valid http(s) URL',
    );
  });
});
