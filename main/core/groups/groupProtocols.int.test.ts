// A real group on each protocol, run by Kafka's own console consumer: `group.protocol=consumer` (KIP-848,
// described through ConsumerGroupDescribe) and `classic` (DescribeGroups). Each is checked against what
// kafka-consumer-groups --describe (ConsumerGroupCommand from the same jars) prints for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/failure';
import type { GroupDetail, GroupSummary } from '../../../shared/groups';
import { runKafkaTool } from '../../../tools/kafka/broker';
import { startConsoleConsumer, type ConsoleConsumer } from '../../../tools/test/consoleConsumer';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { openKafkaFixtures, type KafkaFixtures } from '../test/kafkaFixtures';

/** The rows of the table kafka-consumer-groups prints, by its own column names. */
async function toolTable(groupId: string, flags: string[]): Promise<Record<string, string>[]> {
  const out = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
    '--bootstrap-server',
    testBootstrap(),
    '--describe',
    '--group',
    groupId,
    ...flags,
  ]);
  const lines = out.split('\n').map((l) => l.trim());
  const at = lines.findIndex((l) => l.startsWith('GROUP '));
  if (at < 0) throw new Error(`no table in kafka-consumer-groups output:\n${out}`);
  // "COORDINATOR (ID)" and its value "host:port  (1)" are both two words, so the words line up.
  const header = lines[at]!.split(/\s+/);
  return lines
    .slice(at + 1)
    .filter((l) => l.startsWith(`${groupId} `))
    .map((l) => Object.fromEntries(l.split(/\s+/).map((word, i) => [header[i] ?? `col${i}`, word])));
}

function ok<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

let backend: ConsoleBackend;
let fx: KafkaFixtures;
const consumers: ConsoleConsumer[] = [];
const call = (channel: string, input: unknown = {}) => dispatch(backend.handlers, channel, input);

beforeAll(async () => {
  fx = await openKafkaFixtures([testBootstrap()]);
  backend = createConsoleBackend();
  const status = ok<{ state: string }>(await call('cluster.connect', { bootstrap: testBootstrap() }));
  expect(status.state).toBe('connected');
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await backend?.dispose();
  await fx?.close();
});

/** groups.describe until `done` holds (the console consumer needs a JVM start and a first commit). */
async function describeUntil(
  groupId: string,
  done: (g: GroupDetail) => boolean,
  consumer: ConsoleConsumer,
): Promise<GroupDetail> {
  const deadline = Date.now() + 60_000;
  let last: GroupDetail | string = 'no answer yet';
  while (Date.now() < deadline) {
    const result = await call('groups.describe', { groupId });
    if (result.ok) {
      last = result.value as GroupDetail;
      if (done(last)) return last;
    } else last = `${result.error.code}: ${result.error.message}`;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(
    `group ${groupId} never got there; last answer: ${JSON.stringify(last)}\nconsole consumer stderr: ${consumer.stderr()}`,
  );
}

describe.each(['consumer', 'classic'] as const)('a group on the %s protocol', (protocol) => {
  it('is Stable with its member and assignment, caught up, and agrees with kafka-consumer-groups', async () => {
    const topic = uniqueName(`proto-${protocol}`);
    const group = uniqueName(`proto-${protocol}-group`);
    await fx.createTopic(topic, 3);
    await fx.produce(topic, [4, 3, 2]);
    const consumer = await startConsoleConsumer({ bootstrap: testBootstrap(), topic, group, protocol });
    consumers.push(consumer);

    // Stable, one member owning all three partitions, every record consumed and committed (lag 0).
    const detail = await describeUntil(
      group,
      (g) =>
        g.state === 'Stable' &&
        g.memberDetails.length === 1 &&
        g.memberDetails[0]!.assignment.flatMap((a) => a.partitions).length === 3 &&
        g.totalLag === '0',
      consumer,
    );
    expect(detail).toMatchObject({ groupProtocol: protocol, state: 'Stable', members: 1, totalLag: '0' });
    const [member] = detail.memberDetails;
    expect(member!.clientId).toBe('console-consumer');
    expect(member!.assignment).toEqual([{ topic, partitions: [0, 1, 2] }]);
    // Every partition is owned by that member and committed at the log end.
    expect(detail.partitions.map((p) => [p.partition, p.memberId, p.committedOffset, p.lag])).toEqual([
      [0, member!.memberId, '4', '0'],
      [1, member!.memberId, '3', '0'],
      [2, member!.memberId, '2', '0'],
    ]);
    if (protocol === 'consumer') {
      expect(detail.protocol).toBe('uniform');
      expect(detail.groupEpoch).toBeGreaterThanOrEqual(1);
      expect(member!.memberEpoch).toBe(detail.assignmentEpoch);
      expect(member!.targetAssignment).toEqual([{ topic, partitions: [0, 1, 2] }]);
    } else {
      expect(detail.groupEpoch).toBeNull();
      expect(member!.memberEpoch).toBeNull();
    }

    // The list shows the protocol too.
    const listed = ok<GroupSummary[]>(await call('groups.list')).find((g) => g.groupId === group);
    expect(listed).toMatchObject({ groupProtocol: protocol, state: 'Stable', members: 1 });

    // Kafka's own tool sees the same member, host, client id and assignment, and the same state.
    const members = await toolTable(group, ['--members', '--verbose']);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({
      'CONSUMER-ID': member!.memberId,
      HOST: member!.host,
      'CLIENT-ID': member!.clientId,
      '#PARTITIONS': '3',
    });
    // Kafka 4's tool prints CURRENT-ASSIGNMENT for both protocols (epochs as "-" on classic groups).
    const row = members[0]!;
    expect(row['CURRENT-ASSIGNMENT'] ?? row['ASSIGNMENT'], JSON.stringify(row)).toBe(`${topic}:0,1,2`);
    const [state] = await toolTable(group, ['--state', '--verbose']);
    expect(state).toMatchObject({ STATE: detail.state, '#MEMBERS': '1' });
    if (protocol === 'consumer') expect(state!['GROUP-EPOCH']).toBe(String(detail.groupEpoch));
    else expect(state!['ASSIGNMENT-STRATEGY']).toBe(detail.protocol);
  }, 120_000);
});
