// Schemas from the registry compiled into decoders: avsc for Avro, protobufjs for Protobuf, JSON Schema
// bodies read as JSON with the schema's title. Every decoder returns compact JSON text, so the result is
// plain data that can cross a thread boundary and that filters can search.
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { SchemaInfo } from '../../../shared/recordView';
import type { RegisteredSchema } from '../../../shared/schemaRegistry';
import { readMessageIndexes } from '../../../shared/wireFormat';

export interface SchemaCodec {
  schema: SchemaInfo;
  /** The body after the wire-format header, as compact JSON text; throws with a reason when it does not fit. */
  decode(body: Uint8Array): { json: string; messageType?: string };
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Avro values as JSON: bytes and fixed as hex, longs past 2^53 cannot occur (avsc reads them as numbers). */
function avroToJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.map(avroToJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = avroToJson(v);
    return out;
  }
  return value;
}

function avroCodec(registered: RegisteredSchema, schema: SchemaInfo): SchemaCodec {
  const type = avro.Type.forSchema(JSON.parse(registered.schema) as avro.Schema);
  // Only bytes, fixed and floating point values need the walk; most schemas have none, and JSON.stringify
  // alone is several times faster. A type name in a doc string only costs the walk.
  const walk = /"(bytes|fixed|float|double)"/.test(registered.schema);
  return {
    schema: { ...schema, ...(type.name ? { title: type.name } : {}) },
    decode(body) {
      const value: unknown = type.fromBuffer(asBuffer(body));
      return { json: JSON.stringify(walk ? avroToJson(value) : value) };
    },
  };
}

/** Message types in declaration order: what the wire format's message indexes count. */
const messagesOf = (ns: protobuf.NamespaceBase): protobuf.Type[] =>
  ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);

function protobufCodec(registered: RegisteredSchema, schema: SchemaInfo): SchemaCodec {
  const parsed = protobuf.parse(registered.schema, { keepCase: true });
  // Google's well-known types (Timestamp, Duration, wrappers, ...) ship with protobufjs; other imports would be
  // registry references, which resolveAll then names as unresolvable.
  for (const file of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    const known = protobuf.common.get(file);
    if (known?.nested) parsed.root.addJSON(known.nested);
  }
  parsed.root.resolveAll();
  const file = parsed.package ? parsed.root.lookup(parsed.package) : parsed.root;
  if (!(file instanceof protobuf.Namespace) && !(file instanceof protobuf.Root))
    throw new Error(`package ${parsed.package} not found in the schema`);
  const byPath = new Map<string, protobuf.Type>();
  const messageAt = (indexes: number[]): protobuf.Type => {
    const key = indexes.join('.');
    const known = byPath.get(key);
    if (known) return known;
    let scope: protobuf.NamespaceBase = file;
    let type: protobuf.Type | undefined;
    for (const index of indexes) {
      type = messagesOf(scope)[index];
      if (!type) throw new Error(`message index path [${key}] names no message in the schema`);
      scope = type;
    }
    byPath.set(key, type!);
    return type!;
  };
  return {
    schema,
    decode(body) {
      const framed = readMessageIndexes(body);
      if (!framed.ok) throw new Error(framed.reason);
      const type = messageAt(framed.indexes);
      const message = type.decode(framed.message);
      const object = type.toObject(message, { longs: String, enums: String, bytes: String, defaults: true });
      return { json: JSON.stringify(object), messageType: type.fullName.replace(/^\./, '') };
    },
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function jsonSchemaCodec(registered: RegisteredSchema, schema: SchemaInfo): SchemaCodec {
  const definition = JSON.parse(registered.schema) as { title?: unknown };
  const title = typeof definition.title === 'string' ? definition.title : undefined;
  return {
    schema: { ...schema, ...(title ? { title } : {}) },
    decode(body) {
      // Parsed and written again: the result is known to be JSON, and compact for filters.
      return { json: JSON.stringify(JSON.parse(utf8.decode(body))) };
    },
  };
}

/** Compiles a registered schema; throws with the library's message when it cannot be compiled. */
export function compileSchema(registered: RegisteredSchema): SchemaCodec {
  const base: SchemaInfo = {
    id: registered.id,
    format:
      registered.schemaType === 'AVRO'
        ? 'avro'
        : registered.schemaType === 'PROTOBUF'
          ? 'protobuf'
          : 'json-schema',
    ...(registered.subject !== undefined ? { subject: registered.subject } : {}),
    ...(registered.version !== undefined ? { version: registered.version } : {}),
  };
  if (registered.schemaType === 'AVRO') return avroCodec(registered, base);
  if (registered.schemaType === 'PROTOBUF') return protobufCodec(registered, base);
  return jsonSchemaCodec(registered, base);
}
