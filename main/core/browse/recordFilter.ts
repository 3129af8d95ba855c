// Record filters compiled once per scan: substring tests run on the raw bytes (no decoding for records
// that do not match), the JSON-path test parses the value only when the cheap tests already passed.
import { Buffer } from 'node:buffer';
import {
  matchesJsonPath,
  parseJsonPathEquality,
  type JsonPathEquality,
} from '../../../shared/jsonPathFilter';
import { invalidInput } from '../appFailure';
import type { KafkaRecord } from '../kafka/recordPort';

export interface RecordFilterSpec {
  key?: string;
  value?: string;
  header?: string;
  jsonPath?: string;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const backslash = 0x5c;

/** The bytes a JSON document equal to the path's expected string or keyword holds verbatim, unless escaped. */
function literalOf(jsonPath: JsonPathEquality | null): Buffer | null {
  return jsonPath === null || typeof jsonPath.expected === 'number'
    ? null
    : Buffer.from(jsonPath.expected === null ? 'null' : String(jsonPath.expected), 'utf8');
}

export type RecordPredicate = (record: KafkaRecord) => boolean;

/** Builds the predicate; a bad JSON path is invalid input (reason invalid-filter) with the parser's message. */
export function compileRecordFilter(spec: RecordFilterSpec): RecordPredicate {
  const key = spec.key === undefined ? null : Buffer.from(spec.key, 'utf8');
  const value = spec.value === undefined ? null : Buffer.from(spec.value, 'utf8');
  const header = spec.header === undefined ? null : Buffer.from(spec.header, 'utf8');
  let jsonPath: JsonPathEquality | null = null;
  if (spec.jsonPath !== undefined) {
    const parsed = parseJsonPathEquality(spec.jsonPath);
    if (!parsed.ok) throw invalidInput(`JSON path filter ${parsed.error}`, 'invalid-filter');
    jsonPath = parsed.filter;
  }
  // Exact pre-check before JSON.parse: a document holding the expected string (or keyword) without any
  // escape sequence must contain its bytes verbatim; a document with a backslash is always parsed.
  const literal = literalOf(jsonPath);
  return (record) => {
    if (key && (record.key === null || asBuffer(record.key).indexOf(key) < 0)) return false;
    if (value && (record.value === null || asBuffer(record.value).indexOf(value) < 0)) return false;
    if (
      header &&
      !record.headers.some(
        (h) =>
          Buffer.from(h.key, 'utf8').indexOf(header) >= 0 ||
          (h.value !== null && asBuffer(h.value).indexOf(header) >= 0),
      )
    )
      return false;
    if (jsonPath) {
      if (record.value === null) return false;
      if (literal) {
        const raw = asBuffer(record.value);
        if (raw.indexOf(literal) < 0 && raw.indexOf(backslash) < 0) return false;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(asBuffer(record.value).toString('utf8'));
      } catch {
        return false;
      }
      if (!matchesJsonPath(doc, jsonPath)) return false;
    }
    return true;
  };
}

/**
 * A test over a whole record batch's bytes that says false only when no record in it can match the filter on
 * its raw bytes: each substring the filter asks for is in a record's bytes verbatim, so it is in the batch's.
 * For the JSON path, a batch with neither the expected literal nor any backslash (an escape could spell it)
 * holds no match. Null when the filter has nothing such a test could rule out.
 */
export function compileBatchPrecheck(spec: RecordFilterSpec): ((bytes: Uint8Array) => boolean) | null {
  const needles = [spec.key, spec.value, spec.header]
    .filter((n): n is string => n !== undefined && n.length > 0)
    .map((n) => Buffer.from(n, 'utf8'));
  const parsed = spec.jsonPath === undefined ? null : parseJsonPathEquality(spec.jsonPath);
  const literal = literalOf(parsed?.ok ? parsed.filter : null);
  if (needles.length === 0 && literal === null) return null;
  return (bytes) => {
    const raw = asBuffer(bytes);
    for (const needle of needles) if (raw.indexOf(needle) < 0) return false;
    return literal === null || raw.indexOf(literal) >= 0 || raw.indexOf(backslash) >= 0;
  };
}
