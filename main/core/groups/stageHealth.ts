// Stage health as the watcher sees it: every sample adds one point per partition of each stage's group to a
// sliding window (bounded: `windowSamples` per partition, partitions of mapped groups only), the rules in
// healthRules.ts judge the window, and one point per stage goes to the history store for the chart.
import type {
  GroupDetail,
  HealthHistory,
  PartitionHealth,
  PipelineHealth,
  StageHealth,
  StageHealthPoint,
  StageStuck,
} from '../../../shared/groups';
import type { PipelineMap, PipelineStage } from '../../../shared/pipelineMap';
import type { StageDeadLetters } from '../dlq/outstandingDeadLetters';
import type { HealthHistoryStore } from './healthHistory';
import { byWorst, evaluatePartition, evaluateStage, type OffsetSample, type Verdict } from './healthRules';
import { partitionKey } from './offsetHistory';

export interface StageHealthOptions {
  /** Samples per partition the rules look at (Burrow's default window is 10). */
  windowSamples?: number;
  /** Fewer samples than this: too early to call a stall (default 3). */
  minSamples?: number;
  /** How long the history keeps points (default 24 h). */
  retentionMs?: number;
}

export interface StageHealthTracker {
  /**
   * One sample: the stage groups as just described (absent: the group does not exist), dead-letter counts,
   * and stuck payments per stage when a recent stuck-payments answer has them (see stuckSamples.ts).
   */
  observe(
    at: number,
    map: PipelineMap,
    groups: readonly GroupDetail[],
    deadLetters: ReadonlyMap<string, StageDeadLetters> | null,
    stuck?: ReadonlyMap<string, StageStuck> | null,
  ): void;
  current(): PipelineHealth;
  history(rangeMs: number, now: number): HealthHistory;
}

interface StageMemory {
  /** Partition windows of the stage's group, by partitionKey. */
  windows: Map<string, OffsetSample[]>;
  /** DLQ totals at the same sample times, for "new dead letters within the window". */
  dlqTotals: { at: number; total: number }[];
  deadLetters: StageDeadLetters | null;
  since: number | null;
}

/** Enough for a chart a few hundred pixels wide; longer ranges are thinned to this. */
const HISTORY_POINTS_PER_STAGE = 360;

const push = <T>(ring: T[], item: T, capacity: number) => {
  ring.push(item);
  if (ring.length > capacity) ring.splice(0, ring.length - capacity);
};

export function createStageHealthTracker(
  store: HealthHistoryStore,
  options: StageHealthOptions = {},
): StageHealthTracker {
  const windowSamples = options.windowSamples ?? 10;
  const minSamples = options.minSamples ?? 3;
  const retentionMs = options.retentionMs ?? 24 * 60 * 60_000;
  const memory = new Map<string, StageMemory>();
  let latest: PipelineHealth = { at: null, windowSamples, windowMs: 0, stages: [] };
  let lastPrune = 0;

  const groupVerdict = (group: GroupDetail, mem: StageMemory) => {
    const groupActive = group.members > 0 && group.state !== 'Empty' && group.state !== 'Dead';
    const partitions: PartitionHealth[] = [];
    let worst: Verdict = { status: 'OK', reason: 'consuming' };
    for (const p of group.partitions) {
      const window = mem.windows.get(partitionKey(p.topic, p.partition)) ?? [];
      const verdict = evaluatePartition(window, {
        owned: p.memberId !== null,
        groupActive,
        minSamples,
        windowSamples,
      });
      if (verdict.status === 'OK') continue;
      const located = { ...verdict, reason: `${p.topic}[${p.partition}]: ${verdict.reason}` };
      partitions.push({ topic: p.topic, partition: p.partition, lag: p.lag, ...located });
      if (byWorst([worst, located])[0] === located) worst = located;
    }
    return { worst, partitions: byWorst(partitions) };
  };

  const judge = (
    at: number,
    stage: PipelineStage,
    group: GroupDetail | undefined,
    windowMs: number,
    stuck: StageStuck | null,
  ) => {
    const mem = memory.get(stage.name)!;
    const retry = new Set(stage.retryTopics);
    let retryWaiting = 0n;
    let judged: { worst: Verdict; partitions: PartitionHealth[] } | null = null;
    if (group) {
      judged = groupVerdict(group, mem);
      for (const p of group.partitions)
        if (retry.has(p.topic) && p.lag !== null) retryWaiting += BigInt(p.lag);
    }
    const oldestTotal = mem.dlqTotals[0]?.total;
    const total = mem.deadLetters?.total ?? 0;
    const facts = {
      group: group
        ? judged!.worst
        : { status: 'ERR' as const, reason: `no consumer group "${stage.consumerGroup}" on the cluster` },
      retryWaiting,
      deadLetters: mem.deadLetters?.outstanding ?? 0,
      newDeadLetters: oldestTotal === undefined ? 0 : Math.max(0, total - oldestTotal),
      windowMs,
    };
    const { status, reasons } = evaluateStage(facts);
    mem.since = status === 'OK' ? null : (mem.since ?? at);
    const health: StageHealth = {
      stage: stage.name,
      consumerGroup: stage.consumerGroup,
      dlqTopic: stage.dlqTopic,
      status,
      reasons,
      since: mem.since,
      groupState: group?.state ?? null,
      members: group?.members ?? 0,
      lag: group?.totalLag ?? null,
      lagMs: group?.lagMs ?? null,
      lagMsEstimated: group?.lagMsEstimated ?? false,
      retryWaiting: retryWaiting.toString(),
      deadLetters: facts.deadLetters,
      partitions: judged?.partitions ?? [],
      stuck,
    };
    return health;
  };

  return {
    observe(at, map, groups, deadLetters, stuck = null) {
      const byGroup = new Map(groups.map((g) => [g.groupId, g]));
      const names = new Set(map.stages.map((s) => s.name));
      for (const name of memory.keys()) if (!names.has(name)) memory.delete(name);

      let windowMs = 0;
      for (const stage of map.stages) {
        const mem = memory.get(stage.name) ?? {
          windows: new Map(),
          dlqTotals: [],
          deadLetters: null,
          since: null,
        };
        memory.set(stage.name, mem);
        const group = byGroup.get(stage.consumerGroup);
        const seen = new Set<string>();
        for (const p of group?.partitions ?? []) {
          const key = partitionKey(p.topic, p.partition);
          seen.add(key);
          const ring = mem.windows.get(key) ?? [];
          const committed = p.committedOffset === null ? null : BigInt(p.committedOffset);
          push(ring, { at, committed, logEnd: BigInt(p.logEndOffset) }, windowSamples);
          mem.windows.set(key, ring);
          windowMs = Math.max(windowMs, at - ring[0]!.at);
        }
        for (const key of mem.windows.keys()) if (!seen.has(key)) mem.windows.delete(key);
        // Counts that could not be read keep the last known ones rather than looking like a recovery.
        const counted = deadLetters?.get(stage.name);
        if (counted) {
          mem.deadLetters = counted;
          push(mem.dlqTotals, { at, total: counted.total }, windowSamples);
        }
      }

      const stages = map.stages.map((stage) =>
        judge(at, stage, byGroup.get(stage.consumerGroup), windowMs, stuck?.get(stage.name) ?? null),
      );
      latest = { at, windowSamples, windowMs, stages };
      const points: StageHealthPoint[] = stages.map((s) => ({
        at,
        stage: s.stage,
        status: s.status,
        lag: s.lag === null ? 0 : Number(s.lag),
        lagMs: s.lagMs,
        retryWaiting: Number(s.retryWaiting),
        deadLetters: s.deadLetters,
        stuck: s.stuck?.count ?? null,
      }));
      store.append(points);
      // Pruning by age once a minute is plenty for a 24 h history.
      if (at - lastPrune >= 60_000) {
        store.prune(at - retentionMs);
        lastPrune = at;
      }
    },
    current: () => latest,
    history(rangeMs, now) {
      const from = now - rangeMs;
      return { from, to: now, points: store.range(from, now, HISTORY_POINTS_PER_STAGE) };
    },
  };
}
