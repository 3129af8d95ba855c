// Records in the Confluent wire format, written by kcat (librdkafka), decoded through the console's browse path
// with a real Apicurio Registry: Avro, Protobuf and JSON Schema values, an Avro key, an unknown schema id, and
// a registry that is not there.
import avro from 'avsc';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseInput } from '../../../shared/browse';
import { getRecord, ScanManager } from '../browse/scanManager';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { produceBytesWithKcat } from '../test/kcat';
import { freePort } from '../../../tools/kafka/broker';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { registerSchema, useSchemaRegistry } from '../../../tools/test/schemaRegistry';
import { createRecordDecoder } from './recordDecoder';
import { createSchemaRegistryClient } from '../../../shared/schemaRegistry';
import { workerScanRunner } from '../browse/scanLoop';
import { engineWorkerEntry } from '../workers/engineWorkerEntry';
import { createWorkerPool } from '../workers/workerPool';

const frame = (id: number, ...body: Uint8Array[]) => {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, ...body]);
};

const paymentAvro = {
  type: 'record',
  name: 'Payment',
  namespace: 'dev.eventdesk',
  fields: [
    { name: 'paymentId', type: 'string' },
    { name: 'amountMinor', type: 'long' },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD'] } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};
const refundProto = `syntax = "proto3";
package payments.v1;
message Envelope { string trace = 1; }
message Refund {
  string refund_id = 1;
  int64 amount_minor = 2;
  message Reason { string code = 1; }
  Reason reason = 3;
}`;
const auditJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'AuditEntry',
  type: 'object',
  properties: { who: { type: 'string' }, action: { type: 'string' } },
};

describe('Confluent wire-format records decoded with a real schema registry', () => {
  const registry = useSchemaRegistry();
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const topic = uniqueName('schemas');
  const ids = { avro: 0, key: 0, proto: 0, json: 0 };
  let scans: ScanManager;
  let decoder: ReturnType<typeof createRecordDecoder>;

  beforeAll(async () => {
    const url = registry.url();
    const payments = `${topic}-value`;
    ids.avro = await registerSchema(url, payments, 'AVRO', JSON.stringify(paymentAvro));
    ids.key = await registerSchema(url, `${topic}-key`, 'AVRO', JSON.stringify('string'));
    ids.proto = await registerSchema(url, `${topic}-refunds`, 'PROTOBUF', refundProto);
    ids.json = await registerSchema(url, `${topic}-audit`, 'JSON', JSON.stringify(auditJsonSchema));
    decoder = createRecordDecoder(createSchemaRegistryClient({ url }));
    scans = new ScanManager(records, Date.now, decoder);

    const payment = avro.Type.forSchema(paymentAvro as avro.Schema);
    const key = avro.Type.forSchema('string');
    const root = protobuf.parse(refundProto, { keepCase: true }).root;
    const Refund = root.lookupType('payments.v1.Refund');
    const Reason = root.lookupType('payments.v1.Refund.Reason');
    const refund = Refund.encode(
      Refund.create({ refund_id: 'r-1', amount_minor: 990, reason: { code: 'duplicate' } }),
    ).finish();
    const reason = Reason.encode(Reason.create({ code: 'late' })).finish();
    await records.ensureTopic(topic, { partitions: 1 });
    await produceBytesWithKcat(testBootstrap(), topic, 0, [
      {
        key: frame(ids.key, key.toBuffer('pay-1')),
        value: frame(
          ids.avro,
          payment.toBuffer({ paymentId: 'pay-1', amountMinor: 4200, currency: 'EUR', note: 'first' }),
        ),
      },
      {
        key: 'pay-2',
        value: frame(
          ids.avro,
          payment.toBuffer({ paymentId: 'pay-2', amountMinor: 15, currency: 'USD', note: null }),
        ),
      },
      // Message indexes [1] (Refund, the second message) and [1, 0] (its nested Reason), as zig-zag varints.
      { key: 'refund', value: frame(ids.proto, Uint8Array.of(2, 2), refund) },
      { key: 'reason', value: frame(ids.proto, Uint8Array.of(4, 2, 0), reason) },
      { key: 'audit', value: frame(ids.json, Buffer.from('{"who":"ana","action":"redeliver"}')) },
      { key: 'unknown', value: frame(987_654, Uint8Array.of(1, 2, 3)) },
    ]);
  });
  afterAll(() => records.close());

  it('decodes Avro values and an Avro key, naming the subject, version and id', async () => {
    const first = await getRecord(records, topic, 0, '0', decoder);
    expect(JSON.parse(first!.value.text!)).toEqual({
      paymentId: 'pay-1',
      amountMinor: 4200,
      currency: 'EUR',
      note: 'first',
    });
    expect(first!.value).toMatchObject({
      kind: 'json',
      schema: {
        id: ids.avro,
        format: 'avro',
        subject: `${topic}-value`,
        version: 1,
        title: 'dev.eventdesk.Payment',
      },
    });
    expect(first!.value.hex!.startsWith(`00${ids.avro.toString(16).padStart(8, '0')}`)).toBe(true);
    expect(first!.key).toMatchObject({
      kind: 'json',
      text: '"pay-1"',
      schema: { id: ids.key, subject: `${topic}-key` },
    });
    const second = await getRecord(records, topic, 0, '1', decoder);
    expect(JSON.parse(second!.value.text!)).toMatchObject({
      paymentId: 'pay-2',
      note: null,
      currency: 'USD',
    });
    expect(second!.key).toMatchObject({ kind: 'text', text: 'pay-2' });
  });

  it('decodes Protobuf by the message-index path, nested messages included', async () => {
    const refund = await getRecord(records, topic, 0, '2', decoder);
    expect(JSON.parse(refund!.value.text!)).toEqual({
      refund_id: 'r-1',
      amount_minor: '990',
      reason: { code: 'duplicate' },
    });
    expect(refund!.value.schema).toMatchObject({
      id: ids.proto,
      format: 'protobuf',
      messageType: 'payments.v1.Refund',
    });
    const reason = await getRecord(records, topic, 0, '3', decoder);
    expect(JSON.parse(reason!.value.text!)).toEqual({ code: 'late' });
    expect(reason!.value.schema!.messageType).toBe('payments.v1.Refund.Reason');
  });

  it('reads JSON Schema values as JSON with the schema title', async () => {
    const audit = await getRecord(records, topic, 0, '4', decoder);
    expect(JSON.parse(audit!.value.text!)).toEqual({ who: 'ana', action: 'redeliver' });
    expect(audit!.value.schema).toMatchObject({ id: ids.json, format: 'json-schema', title: 'AuditEntry' });
  });

  it('shows an unknown schema id as hex with the reason, and the scan goes on past it', async () => {
    const { scanId } = await scans.start(browseInput.parse({ topic, seek: { mode: 'oldest' } }));
    const done = await scans.wait(scanId);
    expect(done.state).toBe('done');
    expect(done.results.map((r) => r.record.value.kind)).toEqual([
      'json',
      'json',
      'json',
      'json',
      'json',
      'binary',
    ]);
    expect(done.results[5]!.record.value).toMatchObject({
      kind: 'binary',
      hex: `000${(987_654).toString(16).padStart(7, '0')}010203`,
      reason: 'schema id 987654 is not in the schema registry',
      schema: { id: 987_654 },
    });
  });

  it('filters on decoded values: a substring of an Avro field and a JSON path into a Protobuf message', async () => {
    const bySubstring = await scans.wait(
      (
        await scans.start(
          browseInput.parse({ topic, seek: { mode: 'oldest' }, filter: { value: '"currency":"USD"' } }),
        )
      ).scanId,
    );
    expect(bySubstring.results.map((r) => r.record.offset)).toEqual(['1']);
    const byPath = await scans.wait(
      (
        await scans.start(
          browseInput.parse({
            topic,
            seek: { mode: 'oldest' },
            filter: { jsonPath: '$.reason.code = "duplicate"' },
          }),
        )
      ).scanId,
    );
    expect(byPath.results.map((r) => r.record.offset)).toEqual(['2']);
    const byKey = await scans.wait(
      (await scans.start(browseInput.parse({ topic, seek: { mode: 'oldest' }, filter: { key: 'pay-1' } })))
        .scanId,
    );
    expect(byKey.results.map((r) => r.record.offset)).toEqual(['0']);
  });

  it('reads, decodes and filters in an engine worker with the same results as on this loop', async () => {
    const pool = createWorkerPool(engineWorkerEntry);
    try {
      const inWorker = new ScanManager(
        records,
        Date.now,
        decoder,
        workerScanRunner({ pool, connection: async () => ({ bootstrap: [testBootstrap()] }) }, async () => ({
          url: registry.url(),
        })),
      );
      const filters = [
        {},
        { value: '"currency":"USD"' },
        { jsonPath: '$.reason.code = "duplicate"' },
        { key: 'pay-1' },
      ];
      for (const filter of filters) {
        const request = browseInput.parse({ topic, seek: { mode: 'oldest' }, filter });
        const here = await scans.wait((await scans.start(request)).scanId);
        const there = await inWorker.wait((await inWorker.start(request)).scanId);
        expect(there.state).toBe('done');
        expect(there.results.length).toBeGreaterThan(0);
        expect(there.results).toEqual(here.results);
        expect(there.matched).toBe(here.matched);
      }
      // Every scan ran in the worker, on its own connection.
      expect(pool.stats().finished).toBe(filters.length);
    } finally {
      await pool.close();
    }
  }, 90_000);

  it('with the registry unreachable, shows every framed value as hex saying so and still finishes the scan', async () => {
    const closedPort = await freePort();
    const offline = new ScanManager(
      records,
      Date.now,
      createRecordDecoder(createSchemaRegistryClient({ url: `http://127.0.0.1:${closedPort}` })),
    );
    const done = await offline.wait(
      (await offline.start(browseInput.parse({ topic, seek: { mode: 'oldest' } }))).scanId,
    );
    expect(done.state).toBe('done');
    expect(done.scanned).toBe(6);
    expect(done.results.map((r) => r.record.value.kind)).toEqual(Array(6).fill('binary'));
    expect(done.results[0]!.record.value.reason).toBe(
      `schema registry unreachable at http://127.0.0.1:${closedPort} (ECONNREFUSED)`,
    );
    expect(done.results[0]!.record.key).toMatchObject({ kind: 'binary', schema: { id: ids.key } });
    expect(done.results[1]!.record.key).toMatchObject({ kind: 'text', text: 'pay-2' });
  });
});
