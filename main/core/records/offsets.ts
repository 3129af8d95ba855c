// Offset arithmetic over decimal strings (offsets exceed 2^53): parsing with a named error, record counts.
import type { OffsetString } from '../../../shared/offset';

const decimal = /^-?\d+$/;

export function toBigInt(value: OffsetString, what: string): bigint {
  if (!decimal.test(value)) throw new Error(`${what} "${value}" is not a decimal offset`);
  return BigInt(value);
}

/** Sum of (high - low) as a decimal string: the number of records a topic currently stores. */
export function sumRecordCount(partitions: Array<{ low: OffsetString; high: OffsetString }>): OffsetString {
  let sum = 0n;
  for (const p of partitions) sum += toBigInt(p.high, 'high watermark') - toBigInt(p.low, 'log start offset');
  return sum.toString();
}
