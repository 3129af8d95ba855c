import { describe, expect, it } from 'vitest';
import { sumRecordCount } from './offsets';

describe('sumRecordCount', () => {
  it('sums high minus low over partitions exactly', () => {
    expect(
      sumRecordCount([
        { low: '2', high: '10' },
        { low: '0', high: '9007199254740993' },
      ]),
    ).toBe('9007199254741001');
    expect(sumRecordCount([])).toBe('0');
  });
});
