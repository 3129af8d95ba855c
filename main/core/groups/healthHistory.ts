// Where stage-health points are kept for the chart: in memory by default (bounded by age), in SQLite when the
// composition root gives a data folder. Reading thins long ranges to a few hundred points per stage.
import type { StageHealthPoint } from '../../../shared/groups';

export interface HealthHistoryStore {
  append(points: readonly StageHealthPoint[]): void;
  /** Points with from <= at <= to, oldest first; with `perStage`, thinned to about that many per stage. */
  range(from: number, to: number, perStage?: number): StageHealthPoint[];
  /** Drops points older than `before`. */
  prune(before: number): void;
  close(): void;
}

export function createMemoryHealthHistory(): HealthHistoryStore {
  let points: StageHealthPoint[] = [];
  return {
    append(added) {
      points.push(...added);
    },
    range(from, to, perStage) {
      const inRange = points.filter((p) => p.at >= from && p.at <= to);
      return perStage === undefined ? inRange : thinPoints(inRange, from, to, perStage);
    },
    prune(before) {
      const first = points.findIndex((p) => p.at >= before);
      points = first === -1 ? [] : points.slice(first);
    },
    close() {
      points = [];
    },
  };
}

/**
 * At most `perStage` points per stage: the range is cut into equal buckets and each keeps, per stage, the
 * point with the most lag (so a short spike survives thinning), the later one of equals.
 */
export function thinPoints(
  points: readonly StageHealthPoint[],
  from: number,
  to: number,
  perStage = 360,
): StageHealthPoint[] {
  const stages = new Set(points.map((p) => p.stage)).size;
  if (points.length <= perStage * stages) return [...points];
  const bucketMs = Math.max(1, Math.ceil((to - from + 1) / perStage));
  const kept = new Map<string, StageHealthPoint>();
  for (const p of points) {
    const key = `${p.stage}\u0000${Math.floor((p.at - from) / bucketMs)}`;
    const held = kept.get(key);
    if (!held || p.lag >= held.lag) kept.set(key, { ...p });
  }
  return [...kept.values()].sort((a, b) => a.at - b.at || (a.stage < b.stage ? -1 : 1));
}
