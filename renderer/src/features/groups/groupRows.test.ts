import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../../shared/groups';
import {
  assignmentLabel,
  clearsInLabel,
  groupProtocolLabel,
  groupStateTone,
  lagTimeLabel,
  lagTrend,
  sortGroupsByLag,
  sparklinePoints,
  topicsLabel,
} from './groupRows';

const group = (groupId: string, totalLag: string | null): GroupSummary => ({
  groupId,
  state: 'Stable',
  members: 1,
  protocol: 'range',
  protocolType: 'consumer',
  groupProtocol: 'classic',
  groupEpoch: null,
  topics: [],
  topicLag: {},
  totalLag,
  lagMs: null,
  lagMsEstimated: false,
  drain: 'unknown',
  timeToClearMs: null,
  history: [],
});

describe('group rows', () => {
  it('puts the most-behind group first, exactly, and never-committed groups last', () => {
    const sorted = sortGroupsByLag([
      group('small', '9007199254740992'),
      group('none', null),
      group('big', '9007199254740993'),
      group('also-small', '9007199254740992'),
    ]);
    expect(sorted.map((g) => g.groupId)).toEqual(['big', 'also-small', 'small', 'none']);
  });

  it('reads the lag trend from the first and last sample', () => {
    expect(lagTrend([])).toBe('unknown');
    expect(
      lagTrend([
        { at: 1, lag: '5' },
        { at: 2, lag: '1' },
        { at: 3, lag: '9' },
      ]),
    ).toBe('rising');
    expect(
      lagTrend([
        { at: 1, lag: '9' },
        { at: 2, lag: '3' },
      ]),
    ).toBe('falling');
    expect(
      lagTrend([
        { at: 1, lag: '3' },
        { at: 2, lag: '3' },
      ]),
    ).toBe('flat');
  });

  it('turns samples into chart points', () => {
    expect(sparklinePoints([{ at: 1, lag: '12' }])).toEqual([{ at: 1, lag: 12 }]);
  });

  it('gives every state a tone', () => {
    expect(groupStateTone('Stable')).toBe('ok');
    expect(groupStateTone('Empty')).toBe('idle');
    expect(groupStateTone('PreparingRebalance')).toBe('pending');
    expect(groupStateTone('Dead')).toBe('problem');
  });

  it('keeps the topics column short', () => {
    expect(topicsLabel([])).toBe('none');
    expect(topicsLabel(['orders'])).toBe('orders');
    expect(topicsLabel(['orders', 'refunds', 'fees'])).toBe('orders +2 more');
  });
});

describe('lag in time labels', () => {
  it('formats the age of the first unconsumed record', () => {
    expect(lagTimeLabel(null)).toBe('—');
    expect(lagTimeLabel(0)).toBe('0 s');
    expect(lagTimeLabel(200_000)).toBe('3 min 20 s');
  });

  it('says when the lag clears, or that it does not', () => {
    expect(clearsInLabel({ drain: 'draining', timeToClearMs: 240_000 })).toBe('≈ 4 min');
    expect(clearsInLabel({ drain: 'not-draining', timeToClearMs: null })).toBe('not draining');
    expect(clearsInLabel({ drain: 'caught-up', timeToClearMs: null })).toBe('caught up');
    expect(clearsInLabel({ drain: 'unknown', timeToClearMs: null })).toBe('—');
  });
});

describe('group protocol and assignment labels', () => {
  it('names the consumer protocol with its KIP and leaves others as the broker named them', () => {
    expect(groupProtocolLabel('consumer')).toBe('consumer (KIP-848)');
    expect(groupProtocolLabel('classic')).toBe('classic');
    expect(groupProtocolLabel('share')).toBe('share');
  });

  it('prints an assignment as topic:partitions, sorted, like kafka-consumer-groups', () => {
    expect(
      assignmentLabel([
        { topic: 'orders', partitions: [2, 0, 1] },
        { topic: 'refunds', partitions: [0] },
      ]),
    ).toBe('orders:0,1,2 · refunds:0');
    expect(assignmentLabel([{ topic: 'orders', partitions: [] }])).toBe('none');
    expect(assignmentLabel(null)).toBe('none');
  });
});
