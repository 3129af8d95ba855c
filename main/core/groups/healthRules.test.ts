// Burrow's rules over recorded sample series: each series is what the watcher saw, one sample every 5 s.
import { describe, expect, it } from 'vitest';
import { evaluatePartition, evaluateStage, worseOf, type OffsetSample } from './healthRules';

/** [committed, logEnd] pairs, 5 s apart; null committed = no commit yet. */
function series(pairs: [number | null, number][]): OffsetSample[] {
  return pairs.map(([committed, logEnd], i) => ({
    at: 1_000_000 + i * 5_000,
    committed: committed === null ? null : BigInt(committed),
    logEnd: BigInt(logEnd),
  }));
}

const live = { owned: true, groupActive: true, minSamples: 3, windowSamples: 4 };

describe('evaluatePartition', () => {
  it('is OK when caught up at the last sample, however it got there', () => {
    const v = evaluatePartition(
      series([
        [0, 50],
        [0, 80],
        [80, 80],
      ]),
      live,
    );
    expect(v).toEqual({ status: 'OK', reason: 'caught up' });
  });

  it('is OK for a steady small lag that touches zero within the window (normal traffic)', () => {
    const v = evaluatePartition(
      series([
        [10, 12],
        [14, 14],
        [17, 20],
        [22, 25],
      ]),
      live,
    );
    expect(v.status).toBe('OK');
  });

  it('is OK while lag falls, even when it never reached zero', () => {
    const v = evaluatePartition(
      series([
        [0, 100],
        [30, 110],
        [70, 120],
        [110, 125],
      ]),
      live,
    );
    expect(v).toEqual({ status: 'OK', reason: 'consuming' });
  });

  it('is WARN when the consumer moves but lag grows at every sample', () => {
    const v = evaluatePartition(
      series([
        [0, 10],
        [5, 20],
        [10, 30],
        [15, 40],
      ]),
      live,
    );
    expect(v).toEqual({ status: 'WARN', reason: 'lag grew from 10 to 25 in 15 s' });
  });

  it('is not WARN for a few rising samples in a window not yet full, nor for a flat lag', () => {
    expect(
      evaluatePartition(
        series([
          [0, 1],
          [1, 3],
          [2, 5],
        ]),
        live,
      ).status,
    ).toBe('OK');
    expect(
      evaluatePartition(
        series([
          [0, 4],
          [4, 8],
          [8, 12],
          [12, 16],
        ]),
        live,
      ).status,
    ).toBe('OK');
  });

  it('is not WARN when lag fell once in the window', () => {
    const v = evaluatePartition(
      series([
        [0, 10],
        [5, 20],
        [18, 22],
        [20, 40],
      ]),
      live,
    );
    expect(v.status).toBe('OK');
  });

  it('is STALL when the owned partition does not move while lagging', () => {
    const v = evaluatePartition(
      series([
        [40, 45],
        [40, 50],
        [40, 60],
        [40, 60],
      ]),
      live,
    );
    expect(v).toEqual({
      status: 'STALL',
      reason: 'committed offset 40 has not moved for 15 s, lag 20',
    });
  });

  it('is STOP when the partition does not move and no member owns it', () => {
    const v = evaluatePartition(
      series([
        [40, 45],
        [40, 50],
        [40, 60],
      ]),
      { ...live, owned: false },
    );
    expect(v.status).toBe('STOP');
    expect(v.reason).toContain('no member commits this partition');
  });

  it('is ERR when the group has no members and there is lag', () => {
    const v = evaluatePartition(series([[40, 45]]), { ...live, groupActive: false });
    expect(v).toEqual({ status: 'ERR', reason: 'group has no members, lag 5' });
  });

  it('is OK for an empty group with nothing left to read', () => {
    expect(evaluatePartition(series([[45, 45]]), { ...live, groupActive: false }).status).toBe('OK');
  });

  it('does not judge a stall from fewer samples than the minimum', () => {
    const v = evaluatePartition(
      series([
        [40, 45],
        [40, 50],
      ]),
      live,
    );
    expect(v).toEqual({ status: 'OK', reason: 'too few samples to judge' });
  });

  it('ignores samples from before the first commit', () => {
    const v = evaluatePartition(
      series([
        [null, 5],
        [null, 9],
        [3, 10],
        [3, 12],
        [3, 14],
      ]),
      live,
    );
    expect(v.status).toBe('STALL');
    expect(v.reason).toContain('10 s');
  });

  it('is OK without any commit (lag unknown), and with no samples', () => {
    expect(
      evaluatePartition(
        series([
          [null, 5],
          [null, 9],
        ]),
        live,
      ).status,
    ).toBe('OK');
    expect(evaluatePartition([], live).status).toBe('OK');
  });

  it('follows a stage from a stall back to OK as the window slides', () => {
    const recorded = series([
      [10, 10],
      [10, 20],
      [10, 30],
      [10, 40],
      [25, 40],
      [40, 40],
    ]);
    const statuses = [2, 3, 4, 5, 6].map(
      (n) => evaluatePartition(recorded.slice(Math.max(0, n - 3), n), live).status,
    );
    // The first window still holds the caught-up sample; the fourth sees the offset move and the lag fall.
    expect(statuses).toEqual(['OK', 'OK', 'STALL', 'OK', 'OK']);
  });
});

describe('evaluateStage', () => {
  const base = {
    group: { status: 'OK' as const, reason: 'consuming' },
    retryWaiting: 0n,
    deadLetters: 0,
    newDeadLetters: 0,
    windowMs: 50_000,
  };

  it('is OK when the group is OK and nothing waits', () => {
    expect(evaluateStage(base)).toEqual({ status: 'OK', reasons: [] });
  });

  it('counts records waiting in retry as WARN', () => {
    expect(evaluateStage({ ...base, retryWaiting: 200n })).toEqual({
      status: 'WARN',
      reasons: ['200 records waiting in retry'],
    });
  });

  it('is ERR while dead letters keep arriving, WARN once they only wait', () => {
    const failing = evaluateStage({ ...base, deadLetters: 12, newDeadLetters: 4, retryWaiting: 3n });
    expect(failing.status).toBe('ERR');
    expect(failing.reasons).toEqual([
      '4 new dead letters in the last 50 s',
      '12 dead letters not redelivered',
      '3 records waiting in retry',
    ]);
    expect(evaluateStage({ ...base, deadLetters: 1 })).toEqual({
      status: 'WARN',
      reasons: ['1 dead letter not redelivered'],
    });
  });

  it('takes the group status when it is worse, and its reason first', () => {
    const stalled = evaluateStage({
      ...base,
      group: { status: 'STALL', reason: 'committed offset 4 has not moved for 50 s, lag 9' },
      retryWaiting: 9n,
    });
    expect(stalled.status).toBe('STALL');
    expect(stalled.reasons[0]).toContain('has not moved');
  });

  it('orders statuses OK < WARN < STALL < STOP < ERR', () => {
    expect(worseOf('WARN', 'STALL')).toBe('STALL');
    expect(worseOf('ERR', 'STOP')).toBe('ERR');
    expect(worseOf('OK', 'OK')).toBe('OK');
  });
});
