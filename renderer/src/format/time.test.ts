import { describe, expect, it } from 'vitest';
import { formatAgo, formatIn, secondsUntil } from './time';

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

describe('durations and dates', () => {
  it('picks the largest sensible units', async () => {
    const { formatDuration } = await import('./time');
    expect(formatDuration(45_400)).toBe('45 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(100 * 3_600_000)).toBe('4 d 4 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('prints a sortable local date-time', async () => {
    const { formatDateTime, zoneName } = await import('./time');
    const at = new Date(2026, 0, 2, 3, 4, 5).getTime();
    expect(formatDateTime(at)).toMatch(/^2026-01-02 03:04:05 \S+$/);
    // The zone is named, so a support person and a developer in another zone read the same instant.
    expect(formatDateTime(at).endsWith(` ${zoneName(at)}`)).toBe(true);
    expect(zoneName(at)).not.toBe('');
  });

  it('says how long until a next attempt, then that it is due', () => {
    expect(formatIn(41_000, 1_000)).toBe('in 40 s');
    expect(formatIn(201_000, 1_000)).toBe('in 3 min 20 s');
    expect(formatIn(1_000, 5_000)).toBe('due now');
  });
});
