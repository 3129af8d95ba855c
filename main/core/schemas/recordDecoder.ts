// Decoding of keys and values in the Confluent wire format, a batch at a time: the schema ids a batch needs
// are looked up (in parallel, cached), then every record is decoded synchronously. The interface is one
// async call over plain data, so the work can move to a worker thread without its callers changing.
import type { DecodedBytes } from '../../../shared/recordView';
import { SchemaLookupError, type SchemaRegistryClient } from '../../../shared/schemaRegistry';
import { compileSchema, type SchemaCodec } from './schemaCodecs';
import { parseConfluentFrame, type ConfluentFrame } from '../../../shared/wireFormat';

export interface EncodedPair {
  key: Uint8Array | null;
  value: Uint8Array | null;
}

/** What the registry makes of a record; a side is absent when its bytes are not in the wire format. */
export interface DecodedRecord {
  key?: DecodedBytes;
  value?: DecodedBytes;
}

export interface RecordDecoder {
  decodeBatch(records: readonly EncodedPair[]): Promise<DecodedRecord[]>;
  /** True when filters see every record's own bytes (no registry decodes any): a batch can be judged raw. */
  readonly rawBytes?: boolean;
}

type Compiled = { ok: true; codec: SchemaCodec } | { ok: false; reason: string };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A decoder over the given registry; with none, wire-format bytes are named as such and left as hex. */
export function createRecordDecoder(registry: SchemaRegistryClient | null): RecordDecoder {
  const codecs = new Map<number, Compiled>();

  const compile = async (id: number): Promise<Compiled> => {
    if (!registry)
      return {
        ok: false,
        reason: `Confluent wire format with schema id ${id}, but no schema registry is configured`,
      };
    try {
      const codec = compileSchema(await registry.schemaById(id));
      const compiled: Compiled = { ok: true, codec };
      codecs.set(id, compiled);
      return compiled;
    } catch (err) {
      // The registry client decides when a failed lookup is tried again; a schema that does not compile
      // will not compile next time either.
      const compiled: Compiled = {
        ok: false,
        reason:
          err instanceof SchemaLookupError ? err.message : `schema id ${id} cannot be used: ${message(err)}`,
      };
      if (!(err instanceof SchemaLookupError)) codecs.set(id, compiled);
      return compiled;
    }
  };

  const decodeFrame = (frame: ConfluentFrame, found: Map<number, Compiled>): DecodedBytes => {
    const compiled = found.get(frame.schemaId)!;
    if (!compiled.ok) return { ok: false, schema: { id: frame.schemaId }, reason: compiled.reason };
    const codec = compiled.codec;
    try {
      const { json, messageType } = codec.decode(frame.body);
      // The codec's schema object is shared by every record it decodes: no copy per record.
      return { ok: true, json, schema: messageType ? { ...codec.schema, messageType } : codec.schema };
    } catch (err) {
      return {
        ok: false,
        schema: codec.schema,
        reason: `does not decode with schema id ${frame.schemaId}: ${message(err)}`,
      };
    }
  };

  return {
    rawBytes: registry === null,
    async decodeBatch(records) {
      const frames: Array<{ key: ConfluentFrame | null; value: ConfluentFrame | null }> = [];
      const wanted = new Set<number>();
      for (const r of records) {
        const key = parseConfluentFrame(r.key);
        const value = parseConfluentFrame(r.value);
        if (key) wanted.add(key.schemaId);
        if (value) wanted.add(value.schemaId);
        frames.push({ key, value });
      }
      const found = new Map<number, Compiled>();
      await Promise.all([...wanted].map(async (id) => found.set(id, codecs.get(id) ?? (await compile(id)))));
      return frames.map(({ key, value }) => {
        const out: DecodedRecord = {};
        if (key) out.key = decodeFrame(key, found);
        if (value) out.value = decodeFrame(value, found);
        return out;
      });
    },
  };
}

const encoder = new TextEncoder();

/** The record as filters see it: decoded sides replaced by their JSON text, the rest as it was. */
export function withDecodedBytes<R extends EncodedPair>(record: R, decoded: DecodedRecord): R {
  if (!decoded.key?.ok && !decoded.value?.ok) return record;
  return {
    ...record,
    key: decoded.key?.ok ? encoder.encode(decoded.key.json) : record.key,
    value: decoded.value?.ok ? encoder.encode(decoded.value.json) : record.value,
  };
}
