import { describe, expect, it } from 'vitest';
import {
  defaultPipelineMap,
  formatMapProblems,
  isolatedPipelineMap,
  parsePipelineMap,
  parsePipelineMapText,
} from './pipelineMap';

describe('pipeline map', () => {
  it('accepts its own default, which describes the reference pipeline', () => {
    const map = defaultPipelineMap();
    const parsed = parsePipelineMap(JSON.parse(JSON.stringify(map)));
    expect(parsed.ok).toBe(true);
    expect(map.sourceTopic).toBe('payments.succeeded');
    const receipts = map.stages.find((s) => s.name === 'receipts');
    expect(receipts?.redeliveryTopic).toBe('payments.succeeded.receipts.redelivery');
    expect(receipts?.dlqTopic).toBe('payments.succeeded.receipts.dlq');
    expect(receipts?.outcomeTopic).toBe('receipts.sent');
    expect(map.stages.find((s) => s.name === 'analytics')?.outcomeTopic).toBeUndefined();
  });

  it('names the field path and the problem', () => {
    const map = JSON.parse(JSON.stringify(defaultPipelineMap()));
    map.stages[2].slaMs = -5;
    const parsed = parsePipelineMap(map);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(formatMapProblems(parsed.problems)).toBe('stages[2].slaMs: expected a positive number');
  });

  it('reports missing fields, unknown fields, bad topic names and duplicates', () => {
    const map = JSON.parse(JSON.stringify(defaultPipelineMap()));
    delete map.stages[0].consumerGroup;
    map.stages[1].colour = 'red';
    map.stages[3].dlqTopic = 'bad topic!';
    map.stages[4].name = map.stages[0].name;
    const parsed = parsePipelineMap(map);
    if (parsed.ok) throw new Error('expected problems');
    const text = formatMapProblems(parsed.problems);
    expect(text).toContain('stages[0].consumerGroup: missing');
    expect(text).toContain('stages[1]: unknown field "colour"');
    expect(text).toContain('stages[3].dlqTopic: a topic name may only contain');
  });

  it('reports duplicates and shared topics after the shape is right', () => {
    const map = JSON.parse(JSON.stringify(defaultPipelineMap()));
    map.stages[4].name = map.stages[0].name;
    map.stages[1].dlqTopic = map.sourceTopic;
    const parsed = parsePipelineMap(map);
    if (parsed.ok) throw new Error('expected problems');
    const text = formatMapProblems(parsed.problems);
    expect(text).toContain('stages[4].name: duplicate stage name "receipts" (also stages[0])');
    expect(text).toContain(
      'stages[1].dlqTopic: topic "payments.succeeded" is already used as the source topic',
    );
  });

  it('reports invalid JSON text as a problem, not an exception', () => {
    const parsed = parsePipelineMapText('{ "sourceTopic": ');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]?.message).toMatch(/^not valid JSON/);
  });
});

describe('isolatedPipelineMap', () => {
  it('builds a valid map whose every topic and group carries the prefix', () => {
    const map = isolatedPipelineMap('t-1', [
      { name: 'receipts', retryTiers: 2, outcome: true },
      { name: 'fraud' },
    ]);
    const parsed = parsePipelineMap(map);
    expect(parsed.ok).toBe(true);
    expect(map.stages[0]).toMatchObject({
      consumerGroup: 't-1-receipts',
      retryTopics: ['t-1.receipts.retry.1', 't-1.receipts.retry.2'],
      dlqTopic: 't-1.receipts.dlq',
      redeliveryTopic: 't-1.receipts.redelivery',
      outcomeTopic: 't-1.receipts.sent',
    });
    expect(map.stages[1]?.outcomeTopic).toBeUndefined();
  });
});
