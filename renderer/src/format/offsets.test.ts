import { describe, expect, it } from 'vitest';
import { compareOffsets, formatCount, lagLevel, offsetForChart, parseOffset, sumOffsets } from './offsets';

describe('offset formatting', () => {
  it('groups digits without losing precision above 2^53', () => {
    expect(formatCount('9007199254740993')).toBe('9,007,199,254,740,993');
    expect(formatCount('0')).toBe('0');
    expect(formatCount('1234')).toBe('1,234');
  });

  it('shows a dash when there is no value, and odd text unchanged', () => {
    expect(formatCount(null)).toBe('—');
    expect(formatCount(undefined)).toBe('—');
    expect(formatCount('n/a')).toBe('n/a');
  });

  it('parses only whole decimal numbers', () => {
    expect(parseOffset('42')).toBe(42n);
    expect(parseOffset(' -1 ')).toBe(-1n);
    expect(parseOffset('1e3')).toBeNull();
    expect(parseOffset('')).toBeNull();
  });
});

describe('offset arithmetic', () => {
  it('sums exactly in BigInt and skips partitions without a value', () => {
    expect(sumOffsets(['9007199254740992', '1', null, '2'])).toBe('9007199254740995');
    expect(sumOffsets([null, null])).toBeNull();
    expect(sumOffsets([])).toBeNull();
  });

  it('compares beyond Number precision, nulls first', () => {
    expect(compareOffsets('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareOffsets('5', '5')).toBe(0);
    expect(compareOffsets(null, '0')).toBe(-1);
    expect(compareOffsets(null, null)).toBe(0);
  });

  it('classifies lag', () => {
    expect(lagLevel('0')).toBe('caught-up');
    expect(lagLevel('3')).toBe('behind');
    expect(lagLevel(null)).toBe('unknown');
  });

  it('converts to a number only for charts', () => {
    expect(offsetForChart('12')).toBe(12);
    expect(offsetForChart(null)).toBe(0);
  });
});
