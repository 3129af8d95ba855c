// The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then the encoded body. Protobuf
// bodies start with the message-index path (zig-zag varints) naming the message type inside the schema.

export interface ConfluentFrame {
  schemaId: number;
  body: Uint8Array;
}

/** The frame of a key or value in the wire format, or null when the bytes are not in it. */
export function parseConfluentFrame(bytes: Uint8Array | null): ConfluentFrame | null {
  if (bytes === null || bytes.length < 5 || bytes[0] !== 0) return null;
  const schemaId = ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
  return { schemaId, body: bytes.subarray(5) };
}

/** The body framed for the wire format under the schema id. */
export function encodeConfluentFrame(schemaId: number, body: Uint8Array): Uint8Array {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff)
    throw new RangeError(`schema id ${schemaId} does not fit the wire format's 4 bytes`);
  const out = new Uint8Array(5 + body.length);
  new DataView(out.buffer).setUint32(1, schemaId);
  out.set(body, 5);
  return out;
}

/** Reads one zig-zag varint (32-bit) at `at`; null when the bytes end first or it runs past 5 bytes. */
function readZigZag(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let raw = 0;
  for (let i = 0; i < 5; i++) {
    if (at + i >= bytes.length) return null;
    const b = bytes[at + i]!;
    raw |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) return { value: (raw >>> 1) ^ -(raw & 1), next: at + i + 1 };
  }
  return null;
}

/**
 * The message-index path at the start of a Protobuf body and the message bytes after it. A count of 0 is
 * the writers' shorthand for [0], the first message of the schema.
 */
export function readMessageIndexes(
  body: Uint8Array,
): { ok: true; indexes: number[]; message: Uint8Array } | { ok: false; reason: string } {
  const count = readZigZag(body, 0);
  if (!count) return { ok: false, reason: 'the message-index list is cut short' };
  if (count.value === 0) return { ok: true, indexes: [0], message: body.subarray(count.next) };
  // A message nests at most a few levels deep; a large count is not a message-index list.
  if (count.value < 0 || count.value > 32)
    return { ok: false, reason: `the message-index list claims ${count.value} entries` };
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigZag(body, at);
    if (!index || index.value < 0) return { ok: false, reason: 'the message-index list is cut short' };
    indexes.push(index.value);
    at = index.next;
  }
  return { ok: true, indexes, message: body.subarray(at) };
}
