// Consumer groups and their lag: what groups.list and groups.describe answer, and what the watcher samples.
import type { GroupDetail, GroupMemberDetail, GroupState, GroupSummary } from '../../../shared/groups';
import { AppFailure } from '../appFailure';
import {
  KafkaPortError,
  type CommittedOffset,
  type GroupDescription,
  type KafkaPort,
  type TopicMetadata,
  type TopicWatermarks,
} from '../kafka/kafkaPort';
import type { RecordPort } from '../kafka/recordPort';
import { readRecordTimestamps, wantedRecord, withLagTime, type GroupLagTime } from './firstUnconsumed';
import { computeGroupLag, type GroupLag, type LagInputPartition } from './lag';
import type { LagHistory } from './lagHistory';
import { estimateDrain, type DrainEstimate } from './lagTime';
import {
  createOffsetHistory,
  groupOffsetsSample,
  type OffsetHistory,
  type SampledPartition,
} from './offsetHistory';

const knownStates: ReadonlySet<string> = new Set<GroupState>([
  'Stable',
  'PreparingRebalance',
  'CompletingRebalance',
  'Empty',
  'Dead',
  'Assigning',
  'Reconciling',
]);

function toGroupState(state: string): GroupState {
  return knownStates.has(state) ? (state as GroupState) : 'Unknown';
}

interface GroupSnapshot {
  description: GroupDescription;
  lag: GroupLag;
}

/** Metadata and watermarks of the wanted topics that still exist. */
async function watermarksOfExisting(
  kafka: KafkaPort,
  wanted: Set<string>,
): Promise<{ meta: Map<string, TopicMetadata>; marks: Map<string, TopicWatermarks> }> {
  if (wanted.size === 0) return { meta: new Map(), marks: new Map() };
  const meta = new Map((await kafka.listTopics()).filter((t) => wanted.has(t.name)).map((t) => [t.name, t]));
  const marks = new Map((await kafka.fetchWatermarks([...meta.keys()])).map((w) => [w.topic, w]));
  return { meta, marks };
}

/** One snapshot for several groups: describe, committed offsets, and the watermarks of every topic they read. */
async function snapshotGroups(kafka: KafkaPort, groupIds: string[]): Promise<GroupSnapshot[]> {
  if (groupIds.length === 0) return [];
  const descriptions = await kafka.describeGroups(groupIds);
  const committed = new Map<string, CommittedOffset[]>();
  // A few groups at a time: each is one OffsetFetch round trip to the group coordinator.
  for (let i = 0; i < descriptions.length; i += 4) {
    const batch = descriptions.slice(i, i + 4);
    const offsets = await Promise.all(batch.map((d) => kafka.fetchCommittedOffsets(d.groupId)));
    batch.forEach((d, j) => committed.set(d.groupId, offsets[j] ?? []));
  }

  const wanted = new Set<string>();
  for (const d of descriptions) {
    for (const c of committed.get(d.groupId) ?? []) wanted.add(c.topic);
    for (const m of d.members) for (const a of m.assignment) wanted.add(a.topic);
  }
  const { meta, marks } = await watermarksOfExisting(kafka, wanted);

  return descriptions.map((description) => {
    const commits = new Map(
      (committed.get(description.groupId) ?? []).map((c) => [`${c.topic}\u0000${c.partition}`, c.offset]),
    );
    const owners = new Map<string, LagInputPartition['member']>();
    const topics = new Set((committed.get(description.groupId) ?? []).map((c) => c.topic));
    for (const m of description.members) {
      for (const a of m.assignment) {
        topics.add(a.topic);
        for (const partition of a.partitions) {
          owners.set(`${a.topic}\u0000${partition}`, {
            memberId: m.memberId,
            clientId: m.clientId,
            host: m.host,
          });
        }
      }
    }
    const rows: LagInputPartition[] = [];
    for (const topic of topics) {
      const t = meta.get(topic);
      const w = marks.get(topic);
      // Offsets left behind for a deleted topic have nothing to lag behind: leave them out.
      if (!t || !w) continue;
      for (const p of w.partitions) {
        const key = `${topic}\u0000${p.partition}`;
        rows.push({
          topic,
          partition: p.partition,
          committed: commits.get(key) ?? null,
          logStart: p.low,
          logEnd: p.high,
          member: owners.get(key) ?? null,
        });
      }
    }
    return { description, lag: computeGroupLag(rows) };
  });
}

interface GroupTime extends GroupLagTime, DrainEstimate {}

/** The summary plus members, assignments and partitions: what groups.describe answers. */
function toDetail(s: GroupSnapshot, history: LagHistory, time: GroupTime): GroupDetail {
  const copy = (a: GroupMemberDetail['assignment']) =>
    a.map((t) => ({ topic: t.topic, partitions: [...t.partitions] }));
  return {
    ...toSummary(s, history, time),
    assignmentEpoch: s.description.assignmentEpoch,
    memberDetails: s.description.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.host,
      memberEpoch: m.memberEpoch,
      assignment: copy(m.assignment),
      targetAssignment: m.targetAssignment ? copy(m.targetAssignment) : null,
    })),
    partitions: time.partitions,
  };
}

function toSummary(s: GroupSnapshot, history: LagHistory, time: GroupTime): GroupSummary {
  return {
    groupId: s.description.groupId,
    state: toGroupState(s.description.state),
    members: s.description.members.length,
    protocol: s.description.protocol,
    protocolType: s.description.protocolType,
    groupProtocol: s.description.groupType,
    groupEpoch: s.description.groupEpoch,
    topics: s.lag.topics,
    topicLag: s.lag.topicLag,
    totalLag: s.lag.totalLag,
    lagMs: time.lagMs,
    lagMsEstimated: time.lagMsEstimated,
    drain: time.drain,
    timeToClearMs: time.timeToClearMs,
    history: history.samples(s.description.groupId),
  };
}

/** A group that does not exist is reported by the classic DescribeGroups API as state Dead with nothing in it. */
function sampledPartitions(s: GroupSnapshot): SampledPartition[] {
  return s.lag.partitions.map((p) => ({
    topic: p.topic,
    partition: p.partition,
    committed: p.committedOffset === null ? null : BigInt(p.committedOffset),
    logEnd: BigInt(p.logEndOffset),
  }));
}

function isGone(s: GroupSnapshot): boolean {
  return (
    s.description.state === 'Dead' && s.description.members.length === 0 && s.lag.partitions.length === 0
  );
}

/** What one sample saw of a group: enough to tell whether its lag, state or members changed since the last. */
export interface GroupSampleLine {
  groupId: string;
  /** State, members and each partition's lag, as one comparable string. */
  key: string;
}

export interface GroupsSample {
  at: number;
  /** Every group on the cluster. */
  lines: GroupSampleLine[];
  /** The groups in `focus`, in full, with lag in time. */
  focused: GroupDetail[];
}

function sampleLine(s: GroupSnapshot): GroupSampleLine {
  const lags = s.lag.partitions.map((p) => `${p.topic}[${p.partition}]=${p.lag ?? '-'}`).join(',');
  return {
    groupId: s.description.groupId,
    key: `${s.description.state}|${s.description.members.length}|${lags}`,
  };
}

export interface GroupsUseCases {
  list(): Promise<GroupSummary[]>;
  describe(groupId: string): Promise<GroupDetail>;
  /**
   * Records one total-lag sample per group (the background watcher calls this) and answers the groups in
   * `focus` in full, with lag in time: the stage groups whose health is judged.
   */
  sample(focus?: ReadonlySet<string>): Promise<GroupsSample>;
}

export function createGroupsUseCases(deps: {
  kafka: <T>(body: (kafka: KafkaPort) => Promise<T>) => Promise<T>;
  /** Where the first unconsumed records are read from (lag in time); null: estimate from samples only. */
  records: () => Promise<RecordPort | null>;
  history: LagHistory;
  offsets?: OffsetHistory;
  now: () => number;
}): GroupsUseCases {
  const { history, now } = deps;
  const offsets = deps.offsets ?? createOffsetHistory();

  const record = (snapshots: GroupSnapshot[], force: boolean) => {
    const at = now();
    for (const s of snapshots) {
      if (s.lag.totalLag === null) continue;
      const last = history.lastAt(s.description.groupId);
      // Interactive reads add a sample only when the watcher's last one is getting old, keeping spacing even.
      if (force || last === undefined || at - last >= 2_500) {
        history.record(s.description.groupId, at, s.lag.totalLag);
        offsets.record(s.description.groupId, at, sampledPartitions(s));
      }
    }
    return at;
  };

  /** Lag in time and time to clear for each snapshot: one record read across all of them. */
  const timeOf = async (snapshots: GroupSnapshot[], at: number): Promise<GroupTime[]> => {
    const wanted = snapshots.flatMap((s) => {
      const hasCommit = s.lag.partitions.some((p) => p.committedOffset !== null);
      return s.lag.partitions.flatMap((p) => wantedRecord(p, hasCommit) ?? []);
    });
    const timestamps =
      wanted.length === 0
        ? new Map<string, number>()
        : await deps
            .records()
            .then((port) => (port ? readRecordTimestamps(port, wanted) : new Map<string, number>()))
            // Without the records there are still estimates from the samples.
            .catch(() => new Map<string, number>());
    return snapshots.map((s) => {
      const time = withLagTime(s.lag.partitions, timestamps, offsets.logEnds, at);
      const drain = estimateDrain(
        offsets.committed(s.description.groupId),
        groupOffsetsSample(at, sampledPartitions(s)),
        s.lag.totalLag === null ? null : BigInt(s.lag.totalLag),
      );
      return { ...time, ...drain };
    });
  };

  const listSnapshots = async (kafka: KafkaPort): Promise<GroupSnapshot[]> => {
    const groups = await kafka.listGroups();
    const snapshots = await snapshotGroups(kafka, groups.map((g) => g.groupId).sort());
    return snapshots.filter((s) => !isGone(s));
  };

  return {
    list: () =>
      deps.kafka(async (kafka) => {
        const snapshots = await listSnapshots(kafka);
        const times = await timeOf(snapshots, record(snapshots, false));
        return snapshots
          .map((s, i) => toSummary(s, history, times[i]!))
          .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
      }),

    describe: (groupId) =>
      deps.kafka(async (kafka) => {
        let snapshot: GroupSnapshot | undefined;
        try {
          [snapshot] = await snapshotGroups(kafka, [groupId]);
        } catch (error) {
          if (error instanceof KafkaPortError && error.kind === 'not_found') snapshot = undefined;
          else throw error;
        }
        if (!snapshot || isGone(snapshot)) {
          throw new AppFailure(
            'not_found',
            `Consumer group "${groupId}" does not exist (it may have been deleted).`,
          );
        }
        const [time] = await timeOf([snapshot], record([snapshot], false));
        return toDetail(snapshot, history, time!);
      }),

    sample: (focus) =>
      deps.kafka(async (kafka) => {
        const snapshots = await listSnapshots(kafka);
        history.retainOnly(snapshots.map((s) => s.description.groupId));
        offsets.retainOnly(snapshots.map((s) => s.description.groupId));
        const at = record(snapshots, true);
        const focused = snapshots.filter((s) => focus?.has(s.description.groupId));
        const times = await timeOf(focused, at);
        return {
          at,
          lines: snapshots.map(sampleLine),
          focused: focused.map((s, i) => toDetail(s, history, times[i]!)),
        };
      }),
  };
}
