import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { compileSchema } from './schemaCodecs';

describe('schema codecs', () => {
  it('writes Avro bytes as hex and non-finite doubles as strings, so the result stays JSON', () => {
    const schema = {
      type: 'record',
      name: 'Blob',
      fields: [
        { name: 'raw', type: 'bytes' },
        { name: 'ratio', type: 'double' },
      ],
    };
    const codec = compileSchema({ id: 3, schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const body = avro.Type.forSchema(schema as avro.Schema).toBuffer({
      raw: Buffer.from([0, 255]),
      ratio: NaN,
    });
    expect(JSON.parse(codec.decode(body).json)).toEqual({ raw: '00ff', ratio: 'NaN' });
    expect(codec.schema).toEqual({ id: 3, format: 'avro', title: 'Blob' });
  });

  it('refuses an Avro body with bytes left over, and a Protobuf index path naming no message', () => {
    const avroCodec = compileSchema({ id: 1, schemaType: 'AVRO', schema: '"string"' });
    expect(avroCodec.decode(Uint8Array.of(2, 0x61)).json).toBe('"a"');
    expect(() => avroCodec.decode(Uint8Array.of(2, 0x61, 0x62))).toThrow();
    const proto = compileSchema({
      id: 2,
      schemaType: 'PROTOBUF',
      schema: 'syntax = "proto3"; message A { string id = 1; }',
    });
    expect(JSON.parse(proto.decode(Uint8Array.of(0, 0x0a, 1, 0x78)).json)).toEqual({ id: 'x' });
    expect(() => proto.decode(Uint8Array.of(2, 4))).toThrow(
      'message index path [2] names no message in the schema',
    );
  });

  it('resolves Google well-known types a Protobuf schema imports', () => {
    const schema = `syntax = "proto3";
import "google/protobuf/timestamp.proto";
message Paid { string id = 1; google.protobuf.Timestamp at = 2; }`;
    const codec = compileSchema({ id: 5, schemaType: 'PROTOBUF', schema });
    // id "p" (field 1), at { seconds: 60 } (field 2, a 2-byte message).
    const body = Uint8Array.of(0, 0x0a, 1, 0x70, 0x12, 2, 0x08, 60);
    expect(JSON.parse(codec.decode(body).json)).toEqual({ id: 'p', at: { seconds: '60', nanos: 0 } });
  });

  it('reads a JSON Schema body as JSON and names the title', () => {
    const codec = compileSchema({ id: 4, schemaType: 'JSON', schema: '{"title":"Audit","type":"object"}' });
    expect(codec.decode(Buffer.from('{ "who": "ana" }')).json).toBe('{"who":"ana"}');
    expect(codec.schema.title).toBe('Audit');
    expect(() => codec.decode(Buffer.from('{'))).toThrow();
  });
});
