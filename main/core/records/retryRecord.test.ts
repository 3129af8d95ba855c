import { describe, expect, it } from 'vitest';
import { eventdeskHeaders } from '../../../shared/deadLetterHeaderNames';
import { nextAttemptAt, retryTierDelayMs } from './retryRecord';

const utf8 = new TextEncoder();

describe('next attempt of a retry-tier record', () => {
  it("uses the tier's delay: 1 s, 10 s, 60 s, and the last one past the list", () => {
    expect([1, 2, 3, 4].map((t) => retryTierDelayMs(t))).toEqual([1_000, 10_000, 60_000, 60_000]);
    expect(nextAttemptAt({ timestamp: 5_000, headers: [] }, 2)).toBe(15_000);
  });

  it("prefers the writer's due time, and ignores one that is not a number", () => {
    const due = (v: string) => [{ key: eventdeskHeaders.dueAt, value: utf8.encode(v) }];
    expect(nextAttemptAt({ timestamp: 5_000, headers: due('7000') }, 3)).toBe(7_000);
    expect(nextAttemptAt({ timestamp: 5_000, headers: due('soon') }, 3)).toBe(65_000);
  });
});
