// The home page's pure parts: chart rows per stage, navigation badges and the headline before any sample.
import { describe, expect, it } from 'vitest';
import type { PipelineHealth, StageHealthPoint } from '../../../../shared/groups';
import { chartRows, headline, navBadges, timeTicks } from './homeRows';

const point = (at: number, stage: string, lag: number, deadLetters = 0): StageHealthPoint => ({
  at,
  stage,
  status: 'OK',
  lag,
  lagMs: null,
  retryWaiting: 0,
  deadLetters,
  stuck: null,
});

describe('chartRows', () => {
  it('puts each stage in its own columns at each time and leaves out stages that stayed at zero', () => {
    const { rows, stages } = chartRows({
      from: 0,
      to: 20_000,
      points: [
        point(5_000, 'receipts', 3),
        point(5_000, 'fraud', 0),
        point(10_000, 'receipts', 0, 4),
        point(10_000, 'fraud', 0),
      ],
    });
    expect(stages).toEqual(['receipts']);
    expect(rows).toEqual([
      { at: 5_000, 'lag:receipts': 3, 'dead:receipts': 0, 'lag:fraud': 0, 'dead:fraud': 0 },
      { at: 10_000, 'lag:receipts': 0, 'dead:receipts': 4, 'lag:fraud': 0, 'dead:fraud': 0 },
    ]);
  });

  it('draws stuck payments only where they were sampled, and counts a stage with only stuck ones as active', () => {
    const { rows, stages } = chartRows({
      from: 0,
      to: 20_000,
      points: [
        { ...point(5_000, 'fraud', 0), stuck: 2 },
        point(10_000, 'fraud', 0),
        { ...point(15_000, 'fraud', 0), stuck: 0 },
      ],
    });
    expect(stages).toEqual(['fraud']);
    expect(rows.map((r) => r['stuck:fraud'])).toEqual([2, undefined, 0]);
  });
});

describe('navBadges', () => {
  const health = (
    statuses: [string, PipelineHealth['stages'][number]['status'], number][],
  ): PipelineHealth => ({
    at: 1,
    windowSamples: 10,
    windowMs: 45_000,
    stages: statuses.map(([stage, status, deadLetters]) => ({
      stage,
      consumerGroup: stage,
      dlqTopic: `${stage}.dlq`,
      status,
      reasons: [],
      since: null,
      groupState: 'Stable',
      members: 1,
      lag: '0',
      lagMs: 0,
      lagMsEstimated: false,
      retryWaiting: '0',
      deadLetters,
      partitions: [],
      stuck: null,
    })),
  });

  it('counts stages not OK with the worst status, and sums dead letters', () => {
    expect(
      navBadges(
        health([
          ['a', 'WARN', 2],
          ['b', 'STALL', 0],
          ['c', 'OK', 5],
        ]),
      ),
    ).toEqual({
      home: { count: 2, status: 'STALL' },
      deadLetters: 7,
    });
  });

  it('shows nothing when all is OK or before the first sample', () => {
    expect(navBadges(health([['a', 'OK', 0]]))).toEqual({ home: null, deadLetters: 0 });
    expect(navBadges({ ...health([['a', 'ERR', 3]]), at: null })).toEqual({ home: null, deadLetters: 0 });
    expect(headline({ ...health([]), at: null }, 0)).toBe('Waiting for the first sample of the pipeline…');
  });
});

describe('timeTicks', () => {
  it('spaces round ticks evenly across each range', () => {
    const from = Date.UTC(2026, 0, 15, 11, 3, 20);
    const hour = timeTicks(from, from + 3_600_000);
    expect(hour).toHaveLength(6);
    expect(hour.every((t, i) => i === 0 || t - hour[i - 1]! === 10 * 60_000)).toBe(true);
    expect(new Date(hour[0]!).getUTCMinutes()).toBe(10);
    expect(timeTicks(from, from + 15 * 60_000).length).toBeGreaterThanOrEqual(3);
    expect(timeTicks(from, from + 24 * 3_600_000)).toHaveLength(6);
  });
});
