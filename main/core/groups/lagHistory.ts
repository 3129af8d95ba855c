// Recent total-lag samples per group, kept in main so a sparkline has data the moment a view opens.
import type { LagSample } from '../../../shared/groups';
import type { OffsetString } from '../../../shared/offset';

export interface LagHistory {
  record(groupId: string, at: number, lag: OffsetString): void;
  /** Oldest first; a copy. */
  samples(groupId: string): LagSample[];
  lastAt(groupId: string): number | undefined;
  /** Forgets groups that no longer exist. */
  retainOnly(groupIds: Iterable<string>): void;
}

export function createLagHistory(capacity = 120): LagHistory {
  const byGroup = new Map<string, LagSample[]>();
  return {
    record(groupId, at, lag) {
      const ring = byGroup.get(groupId) ?? [];
      ring.push({ at, lag });
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
      byGroup.set(groupId, ring);
    },
    samples: (groupId) => [...(byGroup.get(groupId) ?? [])],
    lastAt: (groupId) => byGroup.get(groupId)?.at(-1)?.at,
    retainOnly(groupIds) {
      const keep = new Set(groupIds);
      for (const id of byGroup.keys()) if (!keep.has(id)) byGroup.delete(id);
    },
  };
}
