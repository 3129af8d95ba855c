// groups.describe against a real broker, checked number by number against Kafka's own
// kafka-consumer-groups --describe (ConsumerGroupCommand from the same jars).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/failure';
import type { GroupDetail, GroupSummary } from '../../../shared/groups';
import type { TopicDetail } from '../../../shared/topics';
import { runKafkaTool } from '../../../tools/kafka/broker';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { openKafkaFixtures, type KafkaFixtures } from '../test/kafkaFixtures';

interface ToolRow {
  topic: string;
  partition: number;
  current: string;
  logEnd: string;
  lag: string;
  consumerId: string;
}

/** Parses the table kafka-consumer-groups prints: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID. */
function parseDescribe(output: string, groupId: string): ToolRow[] {
  const lines = output.split('\n').map((l) => l.trim());
  const header = lines.findIndex((l) =>
    /^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG/.test(l),
  );
  if (header < 0) throw new Error(`no table in kafka-consumer-groups output:\n${output}`);
  return lines
    .slice(header + 1)
    .filter((l) => l.startsWith(`${groupId} `))
    .map((l) => {
      const [, topic, partition, current, logEnd, lag, consumerId] = l.split(/\s+/);
      return {
        topic: topic!,
        partition: Number(partition),
        current: current!,
        logEnd: logEnd!,
        lag: lag!,
        consumerId: consumerId!,
      };
    });
}

async function kafkaConsumerGroupsDescribe(groupId: string): Promise<ToolRow[]> {
  const out = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
    '--bootstrap-server',
    testBootstrap(),
    '--describe',
    '--group',
    groupId,
  ]);
  return parseDescribe(out, groupId);
}

function ok<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

let backend: ConsoleBackend;
let fx: KafkaFixtures;
const call = (channel: string, input: unknown = {}) => dispatch(backend.handlers, channel, input);

beforeAll(async () => {
  fx = await openKafkaFixtures([testBootstrap()]);
  backend = createConsoleBackend();
  const status = ok<{ state: string }>(await call('cluster.connect', { bootstrap: testBootstrap() }));
  expect(status.state).toBe('connected');
});

afterAll(async () => {
  await backend?.dispose();
  await fx?.close();
});

describe('consumer-group lag against kafka-consumer-groups', () => {
  it('matches the tool for every partition: two topics, a partition never committed, a commit below the log start', async () => {
    const orders = uniqueName('lag-orders');
    const refunds = uniqueName('lag-refunds');
    const group = uniqueName('lag-group');
    await fx.createTopic(orders, 3);
    await fx.createTopic(refunds, 1);
    await fx.produce(orders, [10, 7, 5]);
    await fx.produce(refunds, [4]);
    await fx.commit(group, orders, { 0: '4', 1: '7' }); // partition 2 is never committed
    await fx.commit(group, refunds, { 0: '1' });
    // Records 0-5 of orders/0 go away after the group committed 4: its commit now sits below the log start.
    await fx.deleteRecords(orders, 0, '6');

    const detail = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    const tool = await kafkaConsumerGroupsDescribe(group);

    // The oracle must have printed the three committed partitions, or this comparison proves nothing.
    expect(tool.map((r) => `${r.topic}/${r.partition}`).sort()).toEqual(
      [`${orders}/0`, `${orders}/1`, `${refunds}/0`].sort(),
    );
    for (const row of tool) {
      const ours = detail.partitions.find((p) => p.topic === row.topic && p.partition === row.partition);
      expect(ours, `${row.topic}/${row.partition}`).toBeDefined();
      expect(ours!.committedOffset ?? '-').toBe(row.current);
      expect(ours!.logEndOffset).toBe(row.logEnd);
      expect(ours!.lag ?? '-').toBe(row.lag);
    }

    const byKey = new Map(detail.partitions.map((p) => [`${p.topic}/${p.partition}`, p]));
    expect(byKey.get(`${orders}/0`)).toMatchObject({
      committedOffset: '4',
      logStartOffset: '6',
      logEndOffset: '10',
      lag: '6',
      committedBelowLogStart: true,
    });
    expect(byKey.get(`${orders}/1`)).toMatchObject({ lag: '0', committedBelowLogStart: false });
    expect(byKey.get(`${orders}/2`)).toMatchObject({
      committedOffset: null,
      lag: null,
      logEndOffset: '5',
      committedBelowLogStart: false,
    });
    expect(byKey.get(`${refunds}/0`)).toMatchObject({ committedOffset: '1', lag: '3' });
    expect(detail).toMatchObject({ groupId: group, state: 'Empty', members: 0, totalLag: '9' });
    expect(detail.topics).toEqual([orders, refunds].sort());

    const listed = ok<GroupSummary[]>(await call('groups.list')).find((g) => g.groupId === group);
    expect(listed).toMatchObject({ totalLag: '9', state: 'Empty' });
    // Per topic, the same sums: the topic list shows each reader's lag on that topic.
    expect(listed!.topicLag).toEqual({ [orders]: '6', [refunds]: '3' });
    expect(listed!.history.at(-1)?.lag).toBe('9');
  });

  it('shows a live group that never committed: members assigned, no lag, same as the tool', async () => {
    const topic = uniqueName('lag-live');
    const group = uniqueName('lag-live-group');
    await fx.createTopic(topic, 2);
    await fx.produce(topic, [3, 2]);
    await fx.joinWithoutCommitting(group, topic);

    const detail = ok<GroupDetail>(await call('groups.describe', { groupId: group }));
    expect(detail).toMatchObject({ state: 'Stable', members: 1, totalLag: null, topics: [topic] });
    expect(detail.partitions.map((p) => [p.partition, p.committedOffset, p.lag, p.logEndOffset])).toEqual([
      [0, null, null, '3'],
      [1, null, null, '2'],
    ]);
    const tool = await kafkaConsumerGroupsDescribe(group);
    expect(tool).toHaveLength(2);
    for (const row of tool) {
      const ours = detail.partitions.find((p) => p.partition === row.partition)!;
      expect([ours.committedOffset ?? '-', ours.logEndOffset, ours.lag ?? '-']).toEqual([
        row.current,
        row.logEnd,
        row.lag,
      ]);
      expect(ours.memberId).toBe(row.consumerId);
    }
  });

  it('answers not_found for a deleted group and a deleted topic, and keeps listing', async () => {
    const topic = uniqueName('lag-doomed');
    const group = uniqueName('lag-doomed-group');
    await fx.createTopic(topic, 1);
    await fx.produce(topic, [2]);
    await fx.commit(group, topic, { 0: '1' });
    expect(ok<TopicDetail>(await call('topics.describe', { topic })).messageCount).toBe('2');
    expect(ok<GroupDetail>(await call('groups.describe', { groupId: group })).totalLag).toBe('1');

    await fx.deleteGroup(group);
    const groupGone = await call('groups.describe', { groupId: group });
    expect(groupGone).toMatchObject({
      ok: false,
      error: {
        code: 'not_found',
        message: `Consumer group "${group}" does not exist (it may have been deleted).`,
      },
    });

    await fx.deleteTopic(topic);
    const topicGone = await call('topics.describe', { topic });
    expect(topicGone).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: `Topic "${topic}" does not exist (it may have been deleted).` },
    });

    const groups = ok<GroupSummary[]>(await call('groups.list'));
    expect(groups.some((g) => g.groupId === group)).toBe(false);
    expect(ok<{ name: string }[]>(await call('topics.list', { filter: topic })).length).toBe(0);
    // kafkajs keeps asking for topics it once read; a deleted one must not break reading new ones.
    const fresh = uniqueName('lag-after-delete');
    await fx.createTopic(fresh, 2);
    await fx.produce(fresh, [1, 2]);
    expect(ok<TopicDetail>(await call('topics.describe', { topic: fresh })).messageCount).toBe('3');
  });
});
