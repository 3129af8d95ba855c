import { describe, expect, it } from 'vitest';
import type { PartitionLag } from '../../../shared/groups';
import { computeGroupLag, type LagInputPartition } from './lag';
import { withLagTime, wantedRecord } from './firstUnconsumed';
import type { LogEndSample } from './lagTime';

const rows = (input: LagInputPartition[]): PartitionLag[] => computeGroupLag(input).partitions;
const key = (topic: string, partition: number, offset: number) => `${topic}\u0000${partition}\u0000${offset}`;
const now = 100_000;
// Log end of t/0 grew 10 per second from 0 at 0 s.
const logEnds = (): LogEndSample[] => [
  { at: 0, logEnd: 0n },
  { at: 10_000, logEnd: 100n },
];

describe('withLagTime', () => {
  it('reads the record at the commit; 0 when caught up; the group takes the max', () => {
    const partitions = rows([
      { topic: 't', partition: 0, committed: '40', logStart: '0', logEnd: '100' },
      { topic: 't', partition: 1, committed: '7', logStart: '0', logEnd: '7' },
    ]);
    expect(wantedRecord(partitions[1]!, true)).toBeNull();
    const time = withLagTime(partitions, new Map([[key('t', 0, 40), 70_000]]), logEnds, now);
    expect(time.partitions.map((p) => [p.lagMs, p.lagMsEstimated])).toEqual([
      [30_000, false],
      [0, false],
    ]);
    expect(time).toMatchObject({ lagMs: 30_000, lagMsEstimated: false });
  });

  it('interpolates when the read did not return the record', () => {
    const partitions = rows([{ topic: 't', partition: 0, committed: '39', logStart: '0', logEnd: '100' }]);
    // Offset 39 was appended as the log end reached 40: at 4 s, so 96 s ago.
    const time = withLagTime(partitions, new Map(), logEnds, now);
    expect(time.partitions[0]).toMatchObject({ lagMs: 96_000, lagMsEstimated: true });
  });

  it('below the log start, reads the oldest record left as a floor under the estimate', () => {
    const partitions = rows([{ topic: 't', partition: 0, committed: '9', logStart: '50', logEnd: '100' }]);
    expect(wantedRecord(partitions[0]!, true)).toMatchObject({ offset: 9n, readAt: 50n });
    // Estimate: appended at 1 s, 99 s ago. The record at 50 is 99.5 s old by its own timestamp: the floor wins.
    const floor = withLagTime(partitions, new Map([[key('t', 0, 50), 500]]), logEnds, now);
    expect(floor.partitions[0]).toMatchObject({ lagMs: 99_500, lagMsEstimated: true });
    const estimate = withLagTime(partitions, new Map([[key('t', 0, 50), 5_000]]), logEnds, now);
    expect(estimate.partitions[0]).toMatchObject({ lagMs: 99_000, lagMsEstimated: true });
  });

  it('uses the oldest record only for a group that committed nothing', () => {
    const none = rows([{ topic: 't', partition: 0, committed: null, logStart: '20', logEnd: '100' }]);
    const time = withLagTime(none, new Map([[key('t', 0, 20), 40_000]]), logEnds, now);
    expect(time).toMatchObject({ lagMs: 60_000, lagMsEstimated: false });

    const mixed = rows([
      { topic: 't', partition: 0, committed: null, logStart: '20', logEnd: '100' },
      { topic: 't', partition: 1, committed: '5', logStart: '0', logEnd: '5' },
    ]);
    expect(wantedRecord(mixed[0]!, true)).toBeNull();
    expect(withLagTime(mixed, new Map(), logEnds, now)).toMatchObject({ lagMs: 0 });
  });

  it('is unknown with neither a record nor samples', () => {
    const partitions = rows([{ topic: 't', partition: 0, committed: '1', logStart: '0', logEnd: '5' }]);
    const time = withLagTime(partitions, new Map(), () => [], now);
    expect(time.partitions[0]).toMatchObject({ lagMs: null, lagMsEstimated: false });
    expect(time.lagMs).toBeNull();
  });
});
