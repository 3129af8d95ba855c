// The stage-health tracker over recorded samples: retry topics count as the stage's lag, dead letters
// arriving make it ERR until the window slides past them, "since" marks when it left OK.
import { describe, expect, it } from 'vitest';
import type { GroupDetail, PartitionLag } from '../../../shared/groups';
import { pipelineMapFor } from '../../../shared/pipelineMap';
import { createMemoryHealthHistory, thinPoints } from './healthHistory';
import { createStageHealthTracker } from './stageHealth';

const map = pipelineMapFor([{ name: 'receipts', slaMs: 60_000 }], { retryTiers: 2 });
const [receipts] = map.stages;

function partition(topic: string, committed: number, logEnd: number): PartitionLag {
  return {
    topic,
    partition: 0,
    committedOffset: String(committed),
    logStartOffset: '0',
    logEndOffset: String(logEnd),
    lag: String(logEnd - committed),
    committedBelowLogStart: false,
    lagMs: null,
    lagMsEstimated: false,
    memberId: 'm-1',
    clientId: 'c',
    host: 'h',
  };
}

function group(partitions: PartitionLag[]): GroupDetail {
  const total = partitions.reduce((sum, p) => sum + Number(p.lag), 0);
  return {
    groupId: 'receipts',
    state: 'Stable',
    members: 1,
    protocol: 'range',
    protocolType: 'consumer',
    groupProtocol: 'classic',
    groupEpoch: null,
    assignmentEpoch: null,
    memberDetails: [],
    topics: partitions.map((p) => p.topic),
    topicLag: {},
    totalLag: String(total),
    lagMs: total > 0 ? 12_000 : 0,
    lagMsEstimated: false,
    drain: 'unknown',
    timeToClearMs: null,
    history: [],
    partitions,
  };
}

const dead = (total: number, outstanding = total) => new Map([['receipts', { total, outstanding }]]);

describe('stage health tracker', () => {
  it('counts records in the retry topics as the stage lag and WARNs on them', () => {
    const tracker = createStageHealthTracker(createMemoryHealthHistory());
    tracker.observe(
      1_000,
      map,
      [group([partition(map.sourceTopic, 10, 10), partition(receipts!.retryTopics[1]!, 0, 200)])],
      dead(0),
    );
    const [stage] = tracker.current().stages;
    expect(stage).toMatchObject({
      stage: 'receipts',
      status: 'WARN',
      lag: '200',
      retryWaiting: '200',
      since: 1_000,
      reasons: ['200 records waiting in retry'],
    });
  });

  it('is ERR while dead letters arrive, WARN when they only wait, OK after redelivery', () => {
    const tracker = createStageHealthTracker(createMemoryHealthHistory(), { windowSamples: 3 });
    const caughtUp = [group([partition(map.sourceTopic, 10, 10)])];
    const statuses: string[] = [];
    const sinces: (number | null)[] = [];
    const totals = [
      [0, 0],
      [3, 3],
      [5, 5],
      [5, 5],
      [5, 5],
      [5, 0],
    ] as const;
    totals.forEach(([total, outstanding], i) => {
      tracker.observe(10_000 + i * 5_000, map, caughtUp, dead(total, outstanding));
      statuses.push(tracker.current().stages[0]!.status);
      sinces.push(tracker.current().stages[0]!.since);
    });
    expect(statuses).toEqual(['OK', 'ERR', 'ERR', 'ERR', 'WARN', 'OK']);
    // Since stays at the moment it left OK while it is not OK.
    expect(sinces).toEqual([null, 15_000, 15_000, 15_000, 15_000, null]);
  });

  it('keeps the last dead-letter counts when they could not be read', () => {
    const tracker = createStageHealthTracker(createMemoryHealthHistory());
    const caughtUp = [group([partition(map.sourceTopic, 10, 10)])];
    tracker.observe(1_000, map, caughtUp, dead(2));
    tracker.observe(6_000, map, caughtUp, null);
    // Found at the first sample, so not known to be new: waiting (WARN), still counted after the failed read.
    expect(tracker.current().stages[0]).toMatchObject({ deadLetters: 2, status: 'WARN' });
  });

  it('is ERR when the stage has no consumer group on the cluster', () => {
    const tracker = createStageHealthTracker(createMemoryHealthHistory());
    tracker.observe(1_000, map, [], dead(0));
    expect(tracker.current().stages[0]).toMatchObject({
      status: 'ERR',
      groupState: null,
      reasons: ['no consumer group "receipts" on the cluster'],
    });
  });

  it('writes one history point per stage and sample, pruned by age', () => {
    const store = createMemoryHealthHistory();
    const tracker = createStageHealthTracker(store, { retentionMs: 60_000 });
    for (let i = 0; i < 40; i++)
      tracker.observe(i * 5_000, map, [group([partition(map.sourceTopic, i, i + 2)])], dead(0));
    const points = store.range(0, Number.MAX_SAFE_INTEGER);
    // Pruned once a minute: the prune at 180 s removed what was older than 60 s then.
    expect(points[0]!.at).toBe(120_000);
    expect(points.at(-1)).toMatchObject({ at: 195_000, stage: 'receipts', lag: 2, deadLetters: 0 });
    expect(tracker.history(60_000, 195_000).points.map((p) => p.at)[0]).toBe(135_000);
  });
});

describe('thinPoints', () => {
  it('keeps at most perStage points per stage and the highest lag of each bucket', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({
      at: i * 1_000,
      stage: 'receipts',
      status: 'OK' as const,
      lag: i === 42 ? 500 : 1,
      lagMs: null,
      retryWaiting: 0,
      deadLetters: i,
      stuck: null,
    }));
    const thinned = thinPoints(points, 0, 99_999, 10);
    expect(thinned).toHaveLength(10);
    expect(Math.max(...thinned.map((p) => p.lag))).toBe(500);
    expect(thinned.at(-1)!.deadLetters).toBe(99);
    expect(thinPoints(points.slice(0, 5), 0, 99_999, 10)).toHaveLength(5);
  });

  it("carries the stages' stuck payments into the health and the history when they were computed lately", () => {
    const store = createMemoryHealthHistory();
    const tracker = createStageHealthTracker(store);
    const caughtUp = [group([partition(map.sourceTopic, 10, 10)])];
    tracker.observe(1_000, map, caughtUp, dead(0));
    const stuck = new Map([['receipts', { count: 4, oldestAgeMs: 90_000, computedAt: 5_000 }]]);
    tracker.observe(6_000, map, caughtUp, dead(0), stuck);
    tracker.observe(11_000, map, caughtUp, dead(0), null);
    expect(store.range(0, 20_000).map((p) => p.stuck)).toEqual([null, 4, null]);
    tracker.observe(16_000, map, caughtUp, dead(0), stuck);
    expect(tracker.current().stages[0]!.stuck).toEqual({ count: 4, oldestAgeMs: 90_000, computedAt: 5_000 });
  });
});
