import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './partitioner';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('murmur2 partitioner', () => {
  // Vectors from Apache Kafka's UtilsTest.testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%s) = %i like Java', (input, expected) => {
    expect(murmur2(bytes(input))).toBe(expected);
  });

  it('masks the sign bit before the modulo', () => {
    expect(partitionForKey('21', 1)).toBe(0);
    expect(partitionForKey('21', 7)).toBe((-973932308 & 0x7fffffff) % 7);
    expect(partitionForKey(bytes('foobar'), 12)).toBe((-790332482 & 0x7fffffff) % 12);
  });

  it('rejects a non-positive partition count', () => {
    expect(() => partitionForKey('x', 0)).toThrow(RangeError);
  });
});
