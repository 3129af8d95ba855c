import { describe, expect, it } from 'vitest';
import type { TopicSummary } from '../../../../shared/topics';
import { mergeTopicRows, topicCountLabel } from './topicRows';

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
