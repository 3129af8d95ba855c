import { describe, expect, it } from 'vitest';
import { encodeConfluentFrame, parseConfluentFrame, readMessageIndexes } from './wireFormat';

describe('Confluent wire format', () => {
  it('reads the schema id big-endian after the magic byte, and refuses other bytes', () => {
    const framed = parseConfluentFrame(Uint8Array.of(0, 0x80, 0, 1, 2, 9, 9));
    expect(framed?.schemaId).toBe(0x80000102);
    expect([...framed!.body]).toEqual([9, 9]);
    expect(parseConfluentFrame(Uint8Array.of(1, 0, 0, 0, 1))).toBeNull();
    expect(parseConfluentFrame(Uint8Array.of(0, 0, 0, 1))).toBeNull();
    expect(parseConfluentFrame(null)).toBeNull();
  });

  it('frames a body under a schema id, and reads it back', () => {
    const framed = encodeConfluentFrame(0x01020304, Uint8Array.of(7, 8));
    expect([...framed]).toEqual([0, 1, 2, 3, 4, 7, 8]);
    expect(parseConfluentFrame(framed)).toEqual({ schemaId: 0x01020304, body: Uint8Array.of(7, 8) });
    expect(() => encodeConfluentFrame(-1, Uint8Array.of())).toThrow(/4 bytes/);
  });

  it('reads Protobuf message indexes: 0 for the first message, zig-zag counts and indexes otherwise', () => {
    expect(readMessageIndexes(Uint8Array.of(0, 8, 1))).toEqual({
      ok: true,
      indexes: [0],
      message: Uint8Array.of(8, 1),
    });
    expect(readMessageIndexes(Uint8Array.of(4, 2, 0, 8))).toEqual({
      ok: true,
      indexes: [1, 0],
      message: Uint8Array.of(8),
    });
    // 300 as a zig-zag varint is 600: 0xd8 0x04.
    expect(readMessageIndexes(Uint8Array.of(2, 0xd8, 0x04))).toMatchObject({ ok: true, indexes: [300] });
    expect(readMessageIndexes(Uint8Array.of(6, 2))).toEqual({
      ok: false,
      reason: 'the message-index list is cut short',
    });
    expect(readMessageIndexes(Uint8Array.of(0x80, 0x01))).toEqual({
      ok: false,
      reason: 'the message-index list claims 64 entries',
    });
    expect(readMessageIndexes(Uint8Array.of())).toMatchObject({ ok: false });
  });
});
