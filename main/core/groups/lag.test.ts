import { describe, expect, it } from 'vitest';
import { computeGroupLag } from './lag';

describe('computeGroupLag', () => {
  it('is log end minus committed, per partition and in total', () => {
    const lag = computeGroupLag([
      { topic: 'a', partition: 1, committed: '3', logStart: '0', logEnd: '10' },
      { topic: 'a', partition: 0, committed: '10', logStart: '0', logEnd: '10' },
    ]);
    expect(lag.partitions.map((p) => [p.partition, p.lag])).toEqual([
      [0, '0'],
      [1, '7'],
    ]);
    expect(lag.totalLag).toBe('7');
  });

  it('has null lag for a partition without a commit, and leaves it out of the total', () => {
    const lag = computeGroupLag([
      { topic: 'a', partition: 0, committed: null, logStart: '0', logEnd: '10' },
      { topic: 'a', partition: 1, committed: '4', logStart: '0', logEnd: '10' },
    ]);
    expect(lag.partitions[0]).toMatchObject({
      committedOffset: null,
      lag: null,
      committedBelowLogStart: false,
    });
    expect(lag.totalLag).toBe('6');
  });

  it('has a null total when nothing is committed', () => {
    const lag = computeGroupLag([{ topic: 'a', partition: 0, committed: null, logStart: '0', logEnd: '5' }]);
    expect(lag.totalLag).toBeNull();
    expect(lag.topicLag).toEqual({ a: null });
  });

  it('flags a commit below the log start but still reports log end minus committed, like kafka-consumer-groups', () => {
    const lag = computeGroupLag([{ topic: 'a', partition: 0, committed: '5', logStart: '8', logEnd: '10' }]);
    expect(lag.partitions[0]).toMatchObject({ lag: '5', committedBelowLogStart: true, logStartOffset: '8' });
  });

  it('does not flag a commit exactly at the log start', () => {
    const lag = computeGroupLag([{ topic: 'a', partition: 0, committed: '8', logStart: '8', logEnd: '10' }]);
    expect(lag.partitions[0]?.committedBelowLogStart).toBe(false);
  });

  it('keeps exact values beyond 2^53', () => {
    const lag = computeGroupLag([
      { topic: 'a', partition: 0, committed: '9007199254740993', logStart: '0', logEnd: '9007199254740999' },
      { topic: 'b', partition: 0, committed: '1', logStart: '0', logEnd: '18014398509481990' },
    ]);
    expect(lag.partitions[0]?.lag).toBe('6');
    expect(lag.totalLag).toBe('18014398509481995');
  });

  it('groups several topics, sorted, with per-topic sums', () => {
    const lag = computeGroupLag([
      { topic: 'orders', partition: 0, committed: '1', logStart: '0', logEnd: '4' },
      { topic: 'fees', partition: 2, committed: '2', logStart: '0', logEnd: '2' },
      { topic: 'fees', partition: 0, committed: null, logStart: '0', logEnd: '9' },
    ]);
    expect(lag.topics).toEqual(['fees', 'orders']);
    expect(lag.partitions.map((p) => `${p.topic}/${p.partition}`)).toEqual(['fees/0', 'fees/2', 'orders/0']);
    expect(lag.topicLag).toEqual({ fees: '0', orders: '3' });
    expect(lag.totalLag).toBe('3');
  });

  it('carries the member of an assigned partition', () => {
    const lag = computeGroupLag([
      {
        topic: 'a',
        partition: 0,
        committed: '1',
        logStart: '0',
        logEnd: '1',
        member: { memberId: 'm-1', clientId: 'c', host: '/10.0.0.1' },
      },
    ]);
    expect(lag.partitions[0]).toMatchObject({ memberId: 'm-1', clientId: 'c', host: '/10.0.0.1' });
  });

  it('rejects an offset that is not a decimal string instead of guessing', () => {
    expect(() =>
      computeGroupLag([{ topic: 'a', partition: 0, committed: '1e3', logStart: '0', logEnd: '1' }]),
    ).toThrow(/not a decimal/);
  });
});
