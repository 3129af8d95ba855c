import { describe, expect, it } from 'vitest';
import { formatAgo, secondsUntil } from './time';

describe('time text', () => {
  it('counts down in whole seconds and never below zero', () => {
    expect(secondsUntil(10_000, 6_500)).toBe(4);
    expect(secondsUntil(10_000, 10_000)).toBe(0);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
  });

  it('says how long ago', () => {
    expect(formatAgo(0, 12_000)).toBe('12 s ago');
    expect(formatAgo(0, 125_000)).toBe('2 min ago');
    expect(formatAgo(0, 3_900_000)).toBe('1 h 5 min ago');
  });
});
