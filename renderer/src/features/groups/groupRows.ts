// Consumer-group rows: most-behind first, so the group that needs attention is at the top.
import type {
  GroupProtocol,
  GroupState,
  GroupSummary,
  LagSample,
  TopicAssignment,
} from '../../../../shared/groups';
import { compareOffsets, offsetForChart } from '../../format/offsets';
import { formatDuration } from '../../format/time';

export type StateTone = 'ok' | 'idle' | 'pending' | 'problem';

export function groupStateTone(state: GroupState): StateTone {
  switch (state) {
    case 'Stable':
      return 'ok';
    case 'Empty':
      return 'idle';
    case 'PreparingRebalance':
    case 'CompletingRebalance':
    case 'Assigning':
    case 'Reconciling':
      return 'pending';
    case 'Dead':
    case 'Unknown':
      return 'problem';
  }
}

/** Descending total lag (groups without commits last), then by id so the order is stable between polls. */
export function sortGroupsByLag(groups: readonly GroupSummary[]): GroupSummary[] {
  return [...groups].sort((a, b) => {
    const byLag = compareOffsets(b.totalLag, a.totalLag);
    if (byLag !== 0) return byLag;
    return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
  });
}

export interface SparkPoint {
  at: number;
  lag: number;
}

export function sparklinePoints(history: readonly LagSample[]): SparkPoint[] {
  return history.map((sample) => ({ at: sample.at, lag: offsetForChart(sample.lag) }));
}

export type LagTrend = 'rising' | 'falling' | 'flat' | 'unknown';

/** Compares the newest sample with the oldest one in the window, using exact BigInt arithmetic. */
export function lagTrend(history: readonly LagSample[]): LagTrend {
  if (history.length < 2) return 'unknown';
  const order = compareOffsets(history[history.length - 1]?.lag ?? null, history[0]?.lag ?? null);
  return order > 0 ? 'rising' : order < 0 ? 'falling' : 'flat';
}

/** One topic by name; several as the first plus a count, so the column stays narrow. */
export function topicsLabel(topics: readonly string[]): string {
  if (topics.length === 0) return 'none';
  const [first] = topics;
  return topics.length === 1 ? (first ?? '') : `${first} +${topics.length - 1} more`;
}

/** Lag in time: "3 min 20 s", "0 s" when caught up, "—" when unknown; estimates are marked apart. */
export function lagTimeLabel(lagMs: number | null): string {
  return lagMs === null ? '—' : formatDuration(lagMs);
}

/** When the lag is gone at the current net rate: "≈ 4 min", "not draining", "caught up", or "—". */
export function clearsInLabel(group: Pick<GroupSummary, 'drain' | 'timeToClearMs'>): string {
  switch (group.drain) {
    case 'caught-up':
      return 'caught up';
    case 'not-draining':
      return 'not draining';
    case 'draining':
      return group.timeToClearMs === null ? '—' : `≈ ${formatDuration(group.timeToClearMs)}`;
    case 'unknown':
      return '—';
  }
}

/** The group protocol as a column shows it: "consumer" is Kafka 4's consumer protocol (KIP-848). */
export function groupProtocolLabel(protocol: GroupProtocol): string {
  return protocol === 'consumer' ? 'consumer (KIP-848)' : protocol;
}

/** A member's partitions as kafka-consumer-groups prints them: "orders:0,1,2 · refunds:0"; "none" when empty. */
export function assignmentLabel(assignment: readonly TopicAssignment[] | null): string {
  if (!assignment || assignment.every((t) => t.partitions.length === 0)) return 'none';
  return assignment
    .filter((t) => t.partitions.length > 0)
    .map((t) => `${t.topic}:${[...t.partitions].sort((a, b) => a - b).join(',')}`)
    .join(' · ');
}
