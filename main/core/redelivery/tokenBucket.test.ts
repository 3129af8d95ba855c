import { describe, expect, it } from 'vitest';
import { TokenBucket } from './tokenBucket';

describe('token bucket', () => {
  it('hands out tokens at the configured rate, never more than the burst', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 5, () => t);
    expect(bucket.take(100)).toBe(1);
    expect(bucket.take(1)).toBe(0);
    expect(bucket.waitMs()).toBe(100);
    t = 1000;
    expect(bucket.take(100)).toBe(5); // 10 accrued, capped at the burst
    t = 1250;
    expect(bucket.take(100)).toBe(2);
    let taken = 0;
    for (t = 1250; t <= 11_250; t += 50) taken += bucket.take(100);
    expect(taken).toBeGreaterThanOrEqual(99);
    expect(taken).toBeLessThanOrEqual(101);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
  });
});
