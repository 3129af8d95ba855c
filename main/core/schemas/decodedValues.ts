// Record values in the Confluent wire format read as their decoded JSON, for the use cases that read fields
// out of values (stuck payments and lookup with a JSON correlation key): a record port whose batches arrive
// with such values replaced by the decoded JSON text, so the readers downstream see what a JSON pipeline
// would have written. Values that are not in the wire format, or do not decode, pass as they came.
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import { parseConfluentFrame } from '../../../shared/wireFormat';
import type { DecodedRecord, RecordDecoder } from './recordDecoder';

const encoder = new TextEncoder();

/** The batch with decoded values in place; the batch itself when none of its values is in the wire format. */
export async function decodeValues(
  decoder: RecordDecoder,
  batch: KafkaRecord[],
): Promise<{ records: KafkaRecord[]; decoded: DecodedRecord[] | null }> {
  if (!batch.some((r) => parseConfluentFrame(r.value) !== null)) return { records: batch, decoded: null };
  const decoded = await decoder.decodeBatch(batch.map((r) => ({ key: null, value: r.value })));
  const records = batch.map((r, i) => {
    const value = decoded[i]!.value;
    return value?.ok ? { ...r, value: encoder.encode(value.json) } : r;
  });
  return { records, decoded };
}

/** The port with every read's values decoded before its batches are handed on. */
export function withDecodedValues(records: RecordPort, decoder: RecordDecoder): RecordPort {
  return new Proxy(records, {
    get(target, property, receiver) {
      if (property === 'read') {
        const read: RecordPort['read'] = (requests, options) =>
          target.read(requests, {
            ...options,
            onBatch: async (batch) => options.onBatch((await decodeValues(decoder, batch)).records),
          });
        return read;
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
