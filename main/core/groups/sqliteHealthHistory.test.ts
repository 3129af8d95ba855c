// The SQLite history: points written by one backend are read by the next one opened on the same data folder,
// old points are pruned by age, and long ranges come back thinned with their worst moments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { StageHealthPoint } from '../../../shared/groups';
import { createConsoleBackend } from '../backend';
import { createManualClock } from '../clock';
import type { KafkaPort } from '../kafka/kafkaPort';
import { openSqliteHealthHistory } from './sqliteHealthHistory';

const dir = mkdtempSync(join(tmpdir(), 'health-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const point = (at: number, stage: string, lag: number): StageHealthPoint => ({
  at,
  stage,
  status: lag > 100 ? 'WARN' : 'OK',
  lag,
  lagMs: lag * 10,
  retryWaiting: 0,
  deadLetters: 1,
  stuck: at % 2_000 === 0 ? lag : null,
});

describe('SQLite health history', () => {
  it('keeps points across a reopen, prunes by age and thins long ranges keeping spikes', () => {
    const file = join(dir, 'direct', 'stage-health.sqlite');
    const first = openSqliteHealthHistory(file);
    const points = Array.from({ length: 1_000 }, (_, i) => point(i * 1_000, 'receipts', i === 500 ? 900 : 2));
    first.append(points);
    first.close();

    const second = openSqliteHealthHistory(file);
    expect(second.range(0, 9_000)).toEqual(points.slice(0, 10));
    expect(second.range(0, 3_000).map((p) => p.stuck)).toEqual([2, null, 2, null]);
    const thinned = second.range(0, 999_999, 100);
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned.find((p) => p.lag === 900)).toMatchObject({ at: 500_000, status: 'WARN', lagMs: 9_000 });
    second.prune(990_000);
    expect(second.range(0, Number.MAX_SAFE_INTEGER).map((p) => p.at)).toEqual(
      points.slice(990).map((p) => p.at),
    );
    second.close();
  });

  it('opens a file written before stuck counts were kept: old rows read as not sampled, new ones keep them', () => {
    const file = join(dir, 'old', 'stage-health.sqlite');
    const first = openSqliteHealthHistory(file);
    first.close();
    const old = new Database(file);
    old.exec('DROP TABLE stage_health');
    old.exec(`CREATE TABLE stage_health (at INTEGER NOT NULL, stage TEXT NOT NULL, status TEXT NOT NULL,
      lag INTEGER NOT NULL, lag_ms INTEGER, retry_waiting INTEGER NOT NULL, dead_letters INTEGER NOT NULL)`);
    old.exec("INSERT INTO stage_health VALUES (1000, 'receipts', 'OK', 3, 30, 0, 1)");
    old.close();
    const reopened = openSqliteHealthHistory(file);
    reopened.append([point(2_000, 'receipts', 7)]);
    expect(reopened.range(0, 5_000).map((p) => [p.at, p.lag, p.stuck])).toEqual([
      [1_000, 3, null],
      [2_000, 7, 7],
    ]);
    reopened.close();
  });

  it('is what a restarted backend shows: the history written before the restart', async () => {
    const clock = createManualClock();
    const port: KafkaPort = {
      describeCluster: async () => ({
        clusterId: 'c',
        controllerId: 1,
        brokers: [{ nodeId: 1, host: 'h', port: 1 }],
      }),
      listTopics: async () => [
        {
          name: 'payments.succeeded',
          internal: false,
          partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }],
        },
      ],
      fetchWatermarks: async (topics) =>
        topics.map((topic) => ({ topic, partitions: [{ partition: 0, low: '0', high: '30' }] })),
      listGroups: async () => [{ groupId: 'receipts', protocolType: 'consumer', groupType: 'classic' }],
      describeGroups: async (ids) =>
        ids.map((groupId) => ({
          groupId,
          state: 'Stable',
          protocol: 'range',
          protocolType: 'consumer',
          groupType: 'classic',
          groupEpoch: null,
          assignmentEpoch: null,
          members: [],
        })),
      fetchCommittedOffsets: async () => [{ topic: 'payments.succeeded', partition: 0, offset: '20' }],
      close: async () => undefined,
    };
    const dataDir = join(dir, 'console');
    const before = createConsoleBackend({ clock, createPort: () => port, dataDir });
    await before.handlers['cluster.connect']({ bootstrap: ['h:1'] });
    await clock.advance(0);
    await clock.advance(5_000);
    await clock.advance(5_000);
    const written = await before.handlers['groups.healthHistory']({ rangeMs: 15 * 60_000 });
    const receipts = written.points.filter((p) => p.stage === 'receipts');
    expect(receipts).toHaveLength(3);
    expect(receipts.every((p) => p.lag === 10)).toBe(true);
    await before.dispose();

    // A new console on the same folder, not connected: the chart still has what happened.
    const after = createConsoleBackend({ clock, createPort: () => port, dataDir });
    const read = await after.handlers['groups.healthHistory']({ rangeMs: 15 * 60_000 });
    expect(read.points).toEqual(written.points);
    await after.dispose();
  });
});
