// Stage-health points in a SQLite file in the console's data folder, so a person opening the console in the
// middle of an incident sees how it began. Writes are a few rows every sample; reads thin in SQL.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HEALTH_STATUSES, type HealthStatus, type StageHealthPoint } from '../../../shared/groups';
import type { HealthHistoryStore } from './healthHistory';

interface PointRow {
  at: number;
  stage: string;
  status: string;
  lag: number;
  lag_ms: number | null;
  retry_waiting: number;
  dead_letters: number;
  stuck: number | null;
}

const toStatus = (s: string): HealthStatus =>
  (HEALTH_STATUSES as readonly string[]).includes(s) ? (s as HealthStatus) : 'OK';

export function openSqliteHealthHistory(file: string): HealthHistoryStore {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 2_000 });
  db.pragma('journal_mode = WAL');
  // Losing the last second of history on a power cut is fine; a sample is written every few seconds.
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS stage_health (
    at INTEGER NOT NULL,
    stage TEXT NOT NULL,
    status TEXT NOT NULL,
    lag INTEGER NOT NULL,
    lag_ms INTEGER,
    retry_waiting INTEGER NOT NULL,
    dead_letters INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS stage_health_at ON stage_health (at);`);
  // Files written before stuck counts were kept gain the column; their old rows read as "not sampled".
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(stage_health)').all();
  if (!columns.some((c) => c.name === 'stuck')) db.exec('ALTER TABLE stage_health ADD COLUMN stuck INTEGER');

  const insert = db.prepare(
    `INSERT INTO stage_health (at, stage, status, lag, lag_ms, retry_waiting, dead_letters, stuck)
     VALUES (@at, @stage, @status, @lag, @lagMs, @retryWaiting, @deadLetters, @stuck)`,
  );
  const insertAll = db.transaction((points: readonly StageHealthPoint[]) => {
    for (const p of points) insert.run(p);
  });
  const countIn = db.prepare<[number, number], { n: number; stages: number }>(
    'SELECT count(*) AS n, count(DISTINCT stage) AS stages FROM stage_health WHERE at BETWEEN ? AND ?',
  );
  const all = db.prepare<[number, number], PointRow>(
    'SELECT * FROM stage_health WHERE at BETWEEN ? AND ? ORDER BY at, stage',
  );
  // SQLite takes the other columns from the row that holds max(lag) (the only aggregate, so the bare columns
  // are that row's): each bucket keeps its worst moment.
  const thinned = db.prepare<[number, number, number, number], PointRow>(
    `SELECT at, stage, status, max(lag) AS lag, lag_ms, retry_waiting, dead_letters, stuck
       FROM stage_health WHERE at BETWEEN ? AND ?
      GROUP BY stage, CAST((at - ?) / ? AS INTEGER) ORDER BY at, stage`,
  );
  const prune = db.prepare('DELETE FROM stage_health WHERE at < ?');

  const toPoint = (r: PointRow): StageHealthPoint => ({
    at: r.at,
    stage: r.stage,
    status: toStatus(r.status),
    lag: r.lag,
    lagMs: r.lag_ms,
    retryWaiting: r.retry_waiting,
    deadLetters: r.dead_letters,
    stuck: r.stuck,
  });

  return {
    append(points) {
      insertAll(points);
    },
    range(from, to, perStage) {
      const { n, stages } = countIn.get(from, to) ?? { n: 0, stages: 0 };
      if (perStage === undefined || n <= perStage * stages) return all.all(from, to).map(toPoint);
      const bucketMs = Math.max(1, Math.ceil((to - from + 1) / perStage));
      return thinned.all(from, to, from, bucketMs).map(toPoint);
    },
    prune(before) {
      prune.run(before);
    },
    close() {
      db.close();
    },
  };
}
