// Kafka's default partitioner for keyed records, in pure TypeScript: the Java client's
// `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`. It lets the console read only the
// partition a payment id maps to instead of scanning the whole topic.

/** Java's `Utils.murmur2` (seed 0x9747b28c), as a signed 32-bit int, bit for bit. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = seed ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      (data[i4]! & 0xff) +
      ((data[i4 + 1]! & 0xff) << 8) +
      ((data[i4 + 2]! & 0xff) << 16) +
      ((data[i4 + 3]! & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  // The Java switch falls through from the highest remaining byte down.
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const utf8 = new TextEncoder();

/** The partition the Java client's default partitioner (and kafkajs's default) picks for this key. */
export function partitionForKey(key: Uint8Array | string, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1)
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  const bytes = typeof key === 'string' ? utf8.encode(key) : key;
  return (murmur2(bytes) & 0x7fffffff) % numPartitions;
}
