// payment_success values in the Confluent wire format with Avro bodies (the sandbox's --avro): the relay's
// writer registers the schema once and frames every value under its id; the stages' reader decodes a value by
// its schema id (looked up once per id, cached) and reads a value that is not in the wire format as JSON.
import avro from 'avsc';
import { paymentSuccessAvroSchema, valueSubject } from '../../shared/paymentAvro';
import {
  createSchemaRegistryClient,
  SchemaLookupError,
  type SchemaRegistryClient,
  type SchemaRegistrySettings,
} from '../../shared/schemaRegistry';
import { encodeConfluentFrame, parseConfluentFrame } from '../../shared/wireFormat';

export const AVRO_CONTENT_TYPE = 'application/avro';

const paymentType = avro.Type.forSchema(paymentSuccessAvroSchema as unknown as avro.Schema);

export interface ValueWriter {
  /** The content-type header the values carry. */
  readonly contentType: string;
  /** Gets the writer ready for a topic (registers its schema); throws while the registry cannot be reached. */
  prepare(topic: string): Promise<void>;
  /** The value bytes of a JSON payload, for a topic prepared first. */
  encode(topic: string, payloadJson: string): Buffer;
}

/** Registers payment_success under `<topic>-value` and writes values as magic byte + schema id + Avro. */
export function createAvroValueWriter(
  settings: SchemaRegistrySettings,
  registry: SchemaRegistryClient = createSchemaRegistryClient(settings),
): ValueWriter {
  const ids = new Map<string, number>();
  const schemaText = JSON.stringify(paymentSuccessAvroSchema);
  return {
    contentType: AVRO_CONTENT_TYPE,
    async prepare(topic) {
      if (!ids.has(topic)) ids.set(topic, await registry.register(valueSubject(topic), 'AVRO', schemaText));
    },
    encode(topic, payloadJson) {
      const id = ids.get(topic);
      if (id === undefined) throw new Error(`the Avro writer was not prepared for ${topic}`);
      const event = JSON.parse(payloadJson) as Record<string, unknown>;
      const body = paymentType.toBuffer({ ...event, phone: event.phone ?? null });
      const framed = encodeConfluentFrame(id, body);
      return Buffer.from(framed.buffer, framed.byteOffset, framed.byteLength);
    },
  };
}

export type ReadValue = { ok: true; json: unknown } | { ok: false; errorName: string; message: string };

export interface ValueReader {
  /**
   * Looks up the schemas of the values' ids that are not cached yet. Throws when the registry cannot answer
   * (unreachable, refusing): the batch is then tried again rather than dead-lettered for a registry outage.
   */
  prepare(values: readonly (Buffer | null)[]): Promise<void>;
  /** One value, after prepare() saw it: decoded JSON, or why it cannot be read (poison). */
  read(value: Buffer): ReadValue;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Avro records as the JSON event: nulls of optional fields left out, as the JSON writer leaves them out. */
function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = v;
  return out;
}

/** JSON values as they are; wire-format values by their schema, with the registry named (or none). */
export function createValueReader(settings: SchemaRegistrySettings | null): ValueReader {
  const registry = settings ? createSchemaRegistryClient(settings) : null;
  const types = new Map<number, { ok: true; type: avro.Type } | { ok: false; message: string }>();

  const noRegistry = (id: number) =>
    `value is in the Confluent wire format (schema id ${id}), but the stage has no schema registry`;

  const lookup = async (id: number) => {
    if (!registry) return;
    try {
      const found = await registry.schemaById(id);
      if (found.schemaType !== 'AVRO') {
        types.set(id, { ok: false, message: `schema id ${id} is ${found.schemaType}, not Avro` });
        return;
      }
      types.set(id, { ok: true, type: avro.Type.forSchema(JSON.parse(found.schema) as avro.Schema) });
    } catch (err) {
      // An id the registry does not know will not be known next time either; an outage passes.
      if (err instanceof SchemaLookupError && err.kind !== 'unknown-id') throw err;
      types.set(id, { ok: false, message: `schema id ${id} cannot be used: ${messageOf(err)}` });
    }
  };

  return {
    async prepare(values) {
      const wanted = new Set<number>();
      for (const value of values) {
        const frame = parseConfluentFrame(value);
        if (frame && !types.has(frame.schemaId)) wanted.add(frame.schemaId);
      }
      await Promise.all([...wanted].map(lookup));
    },
    read(value) {
      const frame = parseConfluentFrame(value);
      if (!frame) {
        try {
          return { ok: true, json: JSON.parse(strictUtf8.decode(value)) };
        } catch (err) {
          return {
            ok: false,
            errorName: 'eventdesk.poison.MalformedJson',
            message: `value is not JSON: ${messageOf(err)}`,
          };
        }
      }
      const found = types.get(frame.schemaId);
      if (!found || !found.ok) {
        const message = found
          ? (found as { message: string }).message
          : registry
            ? `schema id ${frame.schemaId} was not looked up`
            : noRegistry(frame.schemaId);
        return { ok: false, errorName: 'eventdesk.poison.UnknownSchema', message };
      }
      try {
        const body = Buffer.from(frame.body.buffer, frame.body.byteOffset, frame.body.byteLength);
        return { ok: true, json: withoutNulls({ ...(found.type.fromBuffer(body) as object) }) };
      } catch (err) {
        return {
          ok: false,
          errorName: 'eventdesk.poison.MalformedAvro',
          message: `value does not decode with schema id ${frame.schemaId}: ${messageOf(err)}`,
        };
      }
    },
  };
}
