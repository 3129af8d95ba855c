import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from 1 s and stops at 30 s (the connection manager)', () => {
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n, { initialMs: 1_000, maxMs: 30_000 })),
    ).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('caps the backoff (the bridge transport)', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, { initialMs: 500, maxMs: 10_000 }))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});
