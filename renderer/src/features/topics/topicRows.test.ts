import { describe, expect, it } from 'vitest';
import type { GroupSummary } from '../../../../shared/groups';
import { defaultPipelineMap } from '../../../../shared/pipelineMap';
import type { TopicSummary } from '../../../../shared/topics';
import { mergeTopicRows, readersLabel, topicContext, topicCountLabel } from './topicRows';

const topic = (name: string, messageCount = '0'): TopicSummary => ({
  name,
  partitions: 1,
  replicationFactor: 1,
  messageCount,
  internal: false,
});

describe('topic rows', () => {
  it('sorts by name', () => {
    expect(mergeTopicRows(null, [topic('b'), topic('a')]).map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('keeps a topic that disappeared as gone, and revives it if it comes back', () => {
    const first = mergeTopicRows(null, [topic('a'), topic('b', '5')]);
    const second = mergeTopicRows(first, [topic('a')]);
    expect(second).toEqual([
      { ...topic('a'), gone: false },
      { ...topic('b', '5'), gone: true },
    ]);
    expect(topicCountLabel(second)).toBe('1 topic, 1 gone');
    const third = mergeTopicRows(second, [topic('a'), topic('b', '0')]);
    expect(third.every((r) => !r.gone)).toBe(true);
    expect(topicCountLabel(third)).toBe('2 topics');
  });
});

describe('topic roles and readers', () => {
  const map = defaultPipelineMap();
  const group = (groupId: string, topicLag: Record<string, string | null>): GroupSummary => ({
    groupId,
    state: 'Stable',
    members: 1,
    protocol: 'range',
    protocolType: 'consumer',
    groupProtocol: 'classic',
    groupEpoch: null,
    topics: Object.keys(topicLag),
    topicLag,
    totalLag: null,
    lagMs: null,
    lagMsEstimated: false,
    drain: 'unknown',
    timeToClearMs: null,
    history: [],
  });

  it('labels each topic of the map with its role and stage', () => {
    const context = topicContext(map, []);
    expect(context.role('payments.succeeded')).toBe('source');
    expect(context.role('payments.succeeded.receipts.retry.2')).toBe('retry 2 · receipts');
    expect(context.role('payments.succeeded.receipts.dlq')).toBe('dead letters · receipts');
    expect(context.role('payments.succeeded.receipts.redelivery')).toBe('redelivery · receipts');
    expect(context.role('eventdesk.redeliveries')).toBe('redelivery ledger');
    expect(context.role('eventdesk.worklist')).toBe('worklist');
    expect(context.role('orders')).toBeNull();
  });

  it('lists the groups reading a topic with their lag on that topic, not their total', () => {
    const context = topicContext(map, [
      group('receipts', { 'payments.succeeded': '3', 'payments.succeeded.receipts.retry.1': '200' }),
      group('fraud', { 'payments.succeeded': '0' }),
      group('fresh', { 'payments.succeeded': null }),
    ]);
    expect(readersLabel(context.readers('payments.succeeded'))).toBe(
      'fraud (lag 0), fresh (lag —), receipts (lag 3)',
    );
    expect(context.readers('payments.succeeded.receipts.retry.1')).toEqual([
      { groupId: 'receipts', lag: '200' },
    ]);
    expect(context.readers('orders')).toEqual([]);
  });
});
