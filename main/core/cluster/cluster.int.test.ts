// cluster.overview and topics.list against the real broker, with counts we made ourselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../../../shared/cluster';
import type { Result } from '../../../shared/failure';
import type { TopicSummary } from '../../../shared/topics';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { openKafkaFixtures, type KafkaFixtures } from '../test/kafkaFixtures';

let backend: ConsoleBackend;
let fx: KafkaFixtures;

function ok<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
const call = (channel: string, input: unknown = {}) => dispatch(backend.handlers, channel, input);

beforeAll(async () => {
  fx = await openKafkaFixtures([testBootstrap()]);
  backend = createConsoleBackend();
  await call('cluster.connect', { bootstrap: testBootstrap() });
});
afterAll(async () => {
  await backend?.dispose();
  await fx?.close();
});

describe('cluster overview and topics', () => {
  it('counts brokers, topics and partitions, and lists topics with their record counts', async () => {
    const prefix = uniqueName('overview');
    const wide = `${prefix}-wide`;
    const narrow = `${prefix}-narrow`;
    const before = ok<ClusterOverview>(await call('cluster.overview'));
    await fx.createTopic(wide, 3);
    await fx.createTopic(narrow, 1);
    await fx.produce(wide, [5, 0, 2]);
    await fx.produce(narrow, [4]);
    await fx.deleteRecords(narrow, 0, '1');

    const after = ok<ClusterOverview>(await call('cluster.overview'));
    const [host, port] = testBootstrap().split(':');
    expect(after.brokers).toEqual([{ nodeId: 1, host, port: Number(port) }]);
    expect(after.controllerId).toBe(1);
    expect(after.clusterId).toMatch(/^[\w-]{22}$/);
    // Other test files share the broker and may add topics meanwhile, so compare at least our additions.
    expect(after.topicCount - before.topicCount).toBeGreaterThanOrEqual(2);
    expect(after.partitionCount - before.partitionCount).toBeGreaterThanOrEqual(4);
    expect(after.internalTopicCount).toBeGreaterThanOrEqual(1);

    const listed = ok<TopicSummary[]>(await call('topics.list', { filter: prefix.toUpperCase() }));
    expect(listed).toEqual([
      { name: narrow, partitions: 1, replicationFactor: 1, messageCount: '3', internal: false },
      { name: wide, partitions: 3, replicationFactor: 1, messageCount: '7', internal: false },
    ]);
  });

  it('hides internal topics unless asked', async () => {
    const plain = ok<TopicSummary[]>(await call('topics.list', { filter: '__consumer_offsets' }));
    expect(plain).toEqual([]);
    const all = ok<TopicSummary[]>(
      await call('topics.list', { filter: '__consumer_offsets', includeInternal: true }),
    );
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ name: '__consumer_offsets', internal: true });
  });

  it('rejects bad input with the field named', async () => {
    const r = await call('topics.list', { filter: 'x'.repeat(300) });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^filter: /) },
    });
  });
});
