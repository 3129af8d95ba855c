// Stuck payments and lookup on Avro values, against a real broker and a real schema registry (Apicurio): the
// same pipeline written once in JSON and once in Avro (Confluent wire format), with the payment id in the
// value (not the key), gives the same answers through the console as it ships (the stuck computation in the
// engine worker). A connection profile naming its own registry, behind basic auth, decodes the same way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentLookup, StuckPaymentsResult } from '../../../shared/payments';
import { paymentSuccessAvroSchema } from '../../../shared/paymentAvro';
import type { PipelineMap } from '../../../shared/pipelineMap';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { registerSchema, useSchemaRegistry } from '../../../tools/test/schemaRegistry';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { pipelineWithPaymentStates, testPipelineMap, type TestValues } from '../test/testPipeline';

const registry = useSchemaRegistry();
const dir = mkdtempSync(join(tmpdir(), 'avro-payments-'));
const records = createKafkajsRecords({ brokers: [testBootstrap()] });
const backends: ConsoleBackend[] = [];
afterAll(async () => {
  for (const backend of backends) await backend.dispose();
  await records.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A map whose correlation key is the value's paymentId, so only a decoded value names the payment. */
const valueKeyedMap = (label: string): PipelineMap => ({
  ...testPipelineMap(uniqueName(label)),
  correlationKey: { from: 'json', field: 'paymentId' },
});

async function consoleFor(map: PipelineMap, options: { schemaRegistry?: { url: string } | null } = {}) {
  const mapFile = join(dir, `${map.name}.json`);
  writeFileSync(mapFile, JSON.stringify(map));
  const backend = createConsoleBackend({ pipelineMapPath: mapFile, dataDir: null, ...options });
  backends.push(backend);
  return backend;
}

async function call<T>(backend: ConsoleBackend, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(backend.handlers, channel as never, input as never);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

/** The answer with the map's own name taken out of the ids, and timings left out. */
function comparable(result: StuckPaymentsResult, map: PipelineMap) {
  return {
    events: result.events,
    stuck: result.stuck,
    counts: result.counts,
    rows: result.rows
      .map((r) => ({
        id: r.paymentId.replace(map.name, 'X'),
        states: r.stages.map((s) => `${s.stage}:${s.state}`),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const window = () => ({ from: Date.now() - 60 * 60_000, to: Date.now() });

describe('stuck payments and lookup on Avro values', () => {
  const jsonMap = valueKeyedMap('avro-json');
  const avroMap = valueKeyedMap('avro-avro');
  let avroValues: Extract<TestValues, { format: 'avro' }>;
  let jsonConsole: ConsoleBackend;
  let avroConsole: ConsoleBackend;
  let jsonIds: string[];
  let avroIds: string[];

  beforeAll(async () => {
    const schemaId = await registerSchema(
      registry.url(),
      `${avroMap.sourceTopic}-value`,
      'AVRO',
      JSON.stringify(paymentSuccessAvroSchema),
    );
    avroValues = { format: 'avro', schemaId };
    jsonIds = await pipelineWithPaymentStates(records, jsonMap, { format: 'json' });
    avroIds = await pipelineWithPaymentStates(records, avroMap, avroValues);
    jsonConsole = await consoleFor(jsonMap, { schemaRegistry: null });
    avroConsole = await consoleFor(avroMap, { schemaRegistry: { url: registry.url() } });
    for (const backend of [jsonConsole, avroConsole])
      await call(backend, 'cluster.connect', { bootstrap: testBootstrap() });
  }, 120_000);

  it('gives the same stuck payments in the engine worker, by evidence and by the full read', async () => {
    for (const query of [{}, { includeDone: true }]) {
      const json = await call<StuckPaymentsResult>(jsonConsole, 'payments.stuck', { ...window(), ...query });
      const avro = await call<StuckPaymentsResult>(avroConsole, 'payments.stuck', { ...window(), ...query });
      expect(json.events).toBe(5);
      expect(json.counts.receipts).toMatchObject({
        done: 1,
        retrying: 1,
        'dead-lettered': 1,
        redelivered: 1,
      });
      expect(comparable(avro, avroMap)).toEqual(comparable(json, jsonMap));
    }
    // The answer came from the worker, not this loop.
    const status = await call<{ diagnostics: { engine?: { finished: number } } }>(
      avroConsole,
      'cluster.status',
      {},
    );
    expect(status.diagnostics.engine?.finished).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('without the registry the Avro values name no payment: the decoding is what finds them', async () => {
    const blind = await consoleFor(avroMap, { schemaRegistry: null });
    await call(blind, 'cluster.connect', { bootstrap: testBootstrap() });
    const result = await call<StuckPaymentsResult>(blind, 'payments.stuck', window());
    expect(result.stuck).toBe(0);
  }, 90_000);

  it('looks a payment up by a field of its Avro value, and shows the decoded value in the timeline', async () => {
    for (let i = 0; i < jsonIds.length; i++) {
      const json = await call<PaymentLookup>(jsonConsole, 'payments.find', { paymentId: jsonIds[i] });
      const avro = await call<PaymentLookup>(avroConsole, 'payments.find', { paymentId: avroIds[i] });
      const shape = (l: PaymentLookup) => ({
        timeline: l.timeline.map((e) => `${e.kind}:${e.stage ?? ''}`),
        stages: l.stages.map((s) => `${s.stage}:${s.state}`),
      });
      expect(json.timeline.length).toBeGreaterThan(0);
      expect(shape(avro)).toEqual(shape(json));
      const source = avro.timeline.find((e) => e.kind === 'source')!;
      expect(source.record.value.schema).toMatchObject({ id: avroValues.schemaId, format: 'avro' });
      expect(JSON.parse(source.record.value.text!)).toMatchObject({ paymentId: avroIds[i] });
    }
  }, 90_000);
});

describe("a connection profile's own schema registry, behind basic auth", () => {
  const map = valueKeyedMap('avro-profile');
  let proxy: Server;
  let proxyUrl = '';
  const authorizations: Array<string | undefined> = [];
  const secret = `reg-pw-${Date.now()}`;

  beforeAll(async () => {
    const schemaId = await registerSchema(
      registry.url(),
      `${map.sourceTopic}-value`,
      'AVRO',
      JSON.stringify(paymentSuccessAvroSchema),
    );
    await pipelineWithPaymentStates(records, map, { format: 'avro', schemaId });
    // The real registry behind a proxy that asks for basic auth, as a secured registry does.
    const upstream = new URL(registry.url());
    const expected = `Basic ${Buffer.from(`ops:${secret}`).toString('base64')}`;
    proxy = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      if (req.headers.authorization !== expected) return res.writeHead(401).end('{"error_code":401}');
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: `${upstream.pathname}${req.url}`,
          method: req.method,
          headers: { accept: req.headers.accept ?? '*/*' },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    process.env.EVENTDESK_TEST_REGISTRY_PASSWORD = secret;
  }, 120_000);

  afterAll(async () => {
    delete process.env.EVENTDESK_TEST_REGISTRY_PASSWORD;
    await new Promise<void>((ok) => proxy.close(() => ok()));
  });

  it("decodes with the profile's registry and credentials while it is connected, and never shows them", async () => {
    // The console's own registry is the unauthenticated proxy: without the profile, nothing decodes.
    const backend = await consoleFor(map, { schemaRegistry: { url: proxyUrl } });
    const profile = {
      name: uniqueName('with-registry'),
      bootstrap: testBootstrap(),
      schemaRegistryUrl: proxyUrl,
      schemaRegistryUsername: 'ops',
      schemaRegistryPassword: { from: 'env', name: 'EVENTDESK_TEST_REGISTRY_PASSWORD' },
    };
    const saved = await call<unknown>(backend, 'access.saveProfile', { profile });
    await call(backend, 'cluster.connect', { bootstrap: testBootstrap() });
    expect((await call<StuckPaymentsResult>(backend, 'payments.stuck', window())).stuck).toBe(0);

    await call(backend, 'access.connect', { name: profile.name });
    const result = await call<StuckPaymentsResult>(backend, 'payments.stuck', window());
    expect(result.events).toBe(5);
    expect(result.counts.receipts).toMatchObject({ done: 1, retrying: 1, 'dead-lettered': 1 });
    expect(authorizations).toContain(`Basic ${Buffer.from(`ops:${secret}`).toString('base64')}`);
    const listed = await call<unknown>(backend, 'access.profiles', {});
    for (const output of [saved, listed, result]) expect(JSON.stringify(output)).not.toContain(secret);
  }, 90_000);
});
