import { describe, expect, it } from 'vitest';
import type { TopicPartitionDetail } from '../../../../shared/topics';
import { brokerList, partitionHealth, sortPartitions } from './partitionHealth';

const partition = (over: Partial<TopicPartitionDetail>): TopicPartitionDetail => ({
  partition: 0,
  leader: 1,
  replicas: [1, 2],
  isr: [1, 2],
  logStartOffset: '0',
  logEndOffset: '10',
  messageCount: '10',
  ...over,
});

describe('partition health', () => {
  it('tells healthy, under-replicated and leaderless partitions apart', () => {
    expect(partitionHealth(partition({}))).toBe('ok');
    expect(partitionHealth(partition({ isr: [1] }))).toBe('under-replicated');
    expect(partitionHealth(partition({ leader: -1, isr: [] }))).toBe('no-leader');
  });

  it('orders partitions and lists brokers', () => {
    expect(
      sortPartitions([partition({ partition: 2 }), partition({ partition: 0 })]).map((p) => p.partition),
    ).toEqual([0, 2]);
    expect(brokerList([1, 3])).toBe('1, 3');
    expect(brokerList([])).toBe('—');
  });
});
