import { describe, expect, it } from 'vitest';
import { fnv1a64 } from './dlqHeaders';

/** The textbook definition over BigInt: what fingerprints written by earlier stages were made with. */
function reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = BigInt.asUintN(64, hash * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64-bit test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('agrees with the BigInt definition on every kind of text', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'aZ09 @.-_\n\u00e9\u20ac\u{1f4b3}\u0000\uffff';
    const chars = [...alphabet];
    for (let n = 0; n < 500; n++) {
      const text = Array.from(
        { length: Math.floor(random() * 300) },
        () => chars[Math.floor(random() * chars.length)],
      ).join('');
      expect(fnv1a64(text), JSON.stringify(text)).toBe(reference(text));
    }
    const long = 'a@'.repeat(2048);
    expect(fnv1a64(long)).toBe(reference(long));
  });
});
