import { describe, expect, it } from 'vitest';
import { estimateAppendTime, estimateDrain, type GroupOffsetsSample, type LogEndSample } from './lagTime';
import { createOffsetHistory } from './offsetHistory';

/** A recorded series: [seconds, logEnd] pairs every 5 s, as the watcher samples them. */
const series = (points: [number, number][]): LogEndSample[] =>
  points.map(([s, logEnd]) => ({ at: s * 1000, logEnd: BigInt(logEnd) }));

const sample = (s: number, partitions: Record<string, [number, number]>): GroupOffsetsSample => ({
  at: s * 1000,
  partitions: new Map(
    Object.entries(partitions).map(([key, [committed, logEnd]]) => [
      key,
      { committed: BigInt(committed), logEnd: BigInt(logEnd) },
    ]),
  ),
});

describe('estimateAppendTime', () => {
  // 10 records/s for 20 s, then idle, then a burst.
  const steady = series([
    [0, 100],
    [5, 150],
    [10, 200],
    [15, 250],
    [20, 300],
    [25, 300],
    [30, 300],
    [35, 400],
  ]);

  it('interpolates between the samples that bracket the record', () => {
    // Offset 174 exists once the log end reached 175: halfway from 150 (5 s) to 200 (10 s).
    expect(estimateAppendTime(steady, 174n)).toBe(7_500);
    expect(estimateAppendTime(steady, 149n)).toBe(5_000);
  });

  it('places a record appended after an idle run inside the burst, not at the start of the idle run', () => {
    // Log end stayed 300 from 20 s to 30 s; offset 349 came between 30 s and 35 s.
    expect(estimateAppendTime(steady, 349n)).toBe(32_500);
  });

  it('extrapolates a record older than every sample at the series rate', () => {
    // 300 records over 35 s; the log end passed offset 49 at 50, 50 records before the first sample's 100.
    const at = estimateAppendTime(steady, 49n)!;
    expect(at).toBeCloseTo(-50 / (300 / 35_000), 6);
  });

  it('gives the first sample as a lower bound when nothing was produced during the series', () => {
    expect(
      estimateAppendTime(
        series([
          [0, 50],
          [5, 50],
        ]),
        10n,
      ),
    ).toBe(0);
  });

  it('knows nothing from one sample or about an offset not yet written', () => {
    expect(estimateAppendTime(series([[0, 50]]), 10n)).toBeNull();
    expect(estimateAppendTime(steady, 400n)).toBeNull();
  });

  it('works over offsets beyond 2^53', () => {
    const big = 2n ** 60n;
    const s: LogEndSample[] = [
      { at: 0, logEnd: big },
      { at: 10_000, logEnd: big + 100n },
    ];
    expect(estimateAppendTime(s, big + 49n)).toBe(5_000);
  });

  it('matches what the offset history recorded, flat runs kept as their first and last sample', () => {
    const history = createOffsetHistory();
    for (const [s, logEnd] of [
      [0, 10],
      [5, 10],
      [10, 10],
      [15, 10],
      [20, 30],
    ] as const)
      history.record('g', s * 1000, [{ topic: 't', partition: 0, committed: 5n, logEnd: BigInt(logEnd) }]);
    expect(history.logEnds('t', 0).map((x) => [x.at, Number(x.logEnd)])).toEqual([
      [0, 10],
      [15_000, 10],
      [20_000, 30],
    ]);
    // Offset 19 came between 15 s and 20 s, not between 0 s and 20 s.
    expect(estimateAppendTime(history.logEnds('t', 0), 19n)).toBe(17_500);
  });

  it('forgets a partition whose log end went back (the topic was recreated)', () => {
    const history = createOffsetHistory();
    history.record('g', 0, [{ topic: 't', partition: 0, committed: null, logEnd: 500n }]);
    history.record('g', 5_000, [{ topic: 't', partition: 0, committed: null, logEnd: 3n }]);
    expect(history.logEnds('t', 0)).toEqual([{ at: 5_000, logEnd: 3n }]);
  });
});

describe('estimateDrain', () => {
  // The watcher's samples for one group on two partitions, every 5 s.
  const recorded = [
    sample(0, { a: [100, 1_000], b: [0, 500] }),
    sample(5, { a: [150, 1_010], b: [20, 500] }),
    sample(10, { a: [200, 1_020], b: [40, 500] }),
  ];

  it('divides the lag by consumed-minus-produced per second over the window', () => {
    const now = sample(15, { a: [250, 1_030], b: [60, 500] });
    // Over 15 s: consumed 150 + 60, produced 30: net 12 records/s; lag 780 + 440 = 1220: ≈ 101.7 s.
    const drain = estimateDrain(recorded, now, 1220n);
    expect(drain.drain).toBe('draining');
    expect(drain.timeToClearMs).toBe(Math.round(1220 / (180 / 15_000)));
  });

  it('uses only the samples inside the window', () => {
    const now = sample(15, { a: [250, 1_030], b: [60, 500] });
    // From 10 s: consumed 50 + 20, produced 10: 60 records in 5 s.
    expect(estimateDrain(recorded, now, 1220n, 5_000).timeToClearMs).toBe(Math.round(1220 / (60 / 5_000)));
  });

  it('is not draining when the consumer only keeps pace, or stopped', () => {
    const keepsPace = sample(15, { a: [250, 1_150], b: [60, 560] });
    expect(estimateDrain(recorded, keepsPace, 900n)).toEqual({ drain: 'not-draining', timeToClearMs: null });
    const stopped = sample(15, { a: [100, 1_000], b: [0, 500] });
    expect(estimateDrain(recorded.slice(0, 1), stopped, 1400n).drain).toBe('not-draining');
  });

  it('is caught up with no lag, and unknown without a commit or an earlier sample', () => {
    const now = sample(15, { a: [1_030, 1_030] });
    expect(estimateDrain(recorded, now, 0n).drain).toBe('caught-up');
    expect(estimateDrain(recorded, now, null).drain).toBe('unknown');
    expect(estimateDrain([], now, 10n)).toEqual({ drain: 'unknown', timeToClearMs: null });
    expect(estimateDrain(recorded, sample(15, { c: [1, 2] }), 1n).drain).toBe('unknown');
  });
});
