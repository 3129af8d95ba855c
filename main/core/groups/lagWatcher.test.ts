// The background lag sampler, driven by a manual clock and a fake Kafka port.
import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../shared/groups';
import { createConsoleBackend } from '../backend';
import { createManualClock } from '../clock';
import type { KafkaPort } from '../kafka/kafkaPort';

/** One group reading one single-partition topic; the test moves the log end. */
function fakeCluster() {
  const state = { logEnd: 10n, reachable: true, describeCalls: 0 };
  const port: KafkaPort = {
    describeCluster: async () => {
      if (!state.reachable) throw new Error('down');
      return { clusterId: 'c', controllerId: 1, brokers: [{ nodeId: 1, host: 'h', port: 1 }] };
    },
    listTopics: async () => [
      {
        name: 'payments',
        internal: false,
        partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }],
      },
    ],
    fetchWatermarks: async (topics) =>
      topics.map((topic) => ({
        topic,
        partitions: [{ partition: 0, low: '0', high: state.logEnd.toString() }],
      })),
    listGroups: async () => [{ groupId: 'receipts', protocolType: 'consumer', groupType: 'classic' }],
    describeGroups: async (ids) => {
      state.describeCalls += 1;
      return ids.map((groupId) => ({
        groupId,
        state: 'Stable',
        protocol: 'range',
        protocolType: 'consumer',
        groupType: 'classic',
        groupEpoch: null,
        assignmentEpoch: null,
        members: [],
      }));
    },
    fetchCommittedOffsets: async () => [{ topic: 'payments', partition: 0, offset: '4' }],
    close: async () => undefined,
  };
  return { state, createPort: () => port };
}

describe('lag watcher', () => {
  it('samples every group’s total lag every 5 s while connected, starting at connect', async () => {
    const clock = createManualClock();
    const cluster = fakeCluster();
    const backend = createConsoleBackend({ clock, createPort: cluster.createPort });
    const t0 = clock.now();
    await backend.handlers['cluster.connect']({ bootstrap: ['h:1'] });
    await clock.advance(0);
    cluster.state.logEnd = 12n;
    await clock.advance(5_000);
    cluster.state.logEnd = 20n;
    await clock.advance(5_000);

    const [group] = (await backend.handlers['groups.list']({})) as GroupSummary[];
    expect(group?.totalLag).toBe('16');
    // groups.list right after a watcher sample adds none of its own: samples stay evenly spaced.
    expect(group?.history).toEqual([
      { at: t0, lag: '6' },
      { at: t0 + 5_000, lag: '8' },
      { at: t0 + 10_000, lag: '16' },
    ]);
    await backend.dispose();
  });

  it('does not sample while disconnected', async () => {
    const clock = createManualClock();
    const cluster = fakeCluster();
    const backend = createConsoleBackend({ clock, createPort: cluster.createPort });
    await clock.advance(20_000);
    expect(cluster.state.describeCalls).toBe(0);
    await backend.dispose();
    expect(clock.pendingTimers()).toEqual([]);
  });

  it('pushes a change of lag to live subscribers, and nothing for a sample that changed nothing', async () => {
    const clock = createManualClock();
    const cluster = fakeCluster();
    const backend = createConsoleBackend({ clock, createPort: cluster.createPort, dataDir: null });
    const groups: string[][] = [];
    const stages: string[][] = [];
    backend.live.subscribe('groups.changed', (p) => groups.push(p.groups));
    backend.live.subscribe('health.changed', (p) => stages.push(p.stages));
    await backend.handlers['cluster.connect']({ bootstrap: ['h:1'] });
    // The first sample only learns the state; the next one sees the same lag.
    await clock.advance(0);
    await clock.advance(5_000);
    expect(groups).toEqual([]);
    cluster.state.logEnd = 12n;
    await clock.advance(5_000);
    expect(groups).toEqual([['receipts']]);
    // The receipts stage shows its group's lag: its health changed with it.
    expect(stages.at(-1)).toContain('receipts');
    await clock.advance(5_000);
    expect(groups).toHaveLength(1);
    await backend.dispose();
  });
});
