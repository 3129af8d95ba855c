import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { commitGroupOffsets } from '../test/kafkaFixtures';
import { partitionForKey } from '../../../shared/partitioner';
import { encodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import { eventdeskHeaders } from '../../../shared/deadLetterHeaderNames';
import { computeStuckPayments } from './stuckPayments';
import { findPayment } from './findPayment';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import type { ProduceRecord, ProducedRecord } from '../kafka/recordPort';

describe('stuck payments against a real broker', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const map = testPipelineMap(uniqueName('stuck'));
  const now = Date.now();
  const old = now - 10 * 60_000;
  const ids = ['p1', 'p2', 'p3', 'p4', 'p6', 'p5'].map((p) => `${map.name}-${p}`);
  const [p1, p2, p3, p4, p6, p5] = ids as [string, string, string, string, string, string];
  const sourceOffsets = new Map<string, ProducedRecord>();
  const to = (
    topic: string,
    key: string,
    timestamp: number,
    headers: ProduceRecord['headers'] = [],
  ): ProduceRecord => ({
    topic,
    partition: partitionForKey(key, 3),
    key,
    value: JSON.stringify({ paymentId: key }),
    timestamp,
    headers: [{ key: 'ce_id', value: new TextEncoder().encode(`ce-${key}`) }, ...headers],
  });
  const receipts = map.stages[0]!;

  beforeAll(async () => {
    await createMapTopics(records, map);
    for (const id of ids) {
      const [produced] = await records.produce([to(map.sourceTopic, id, id === p6 ? now - 10_000 : old)]);
      sourceOffsets.set(id, produced!);
    }
    const dlqHeaders = (message: string) =>
      Object.entries(
        encodeDeadLetterHeaders({
          originalTopic: map.sourceTopic,
          partition: 0,
          offset: '0',
          timestamp: old,
          consumerGroup: receipts.consumerGroup,
          exceptionClass: 'SmtpError',
          message,
          stacktrace: '',
          attempts: 3,
          firstFailureAt: old,
          stage: 'receipts',
          errorClass: 'transient',
        }),
      ).map(([key, value]) => ({ key, value }));
    await records.produce([
      to(receipts.outcomeTopic!, p1, old + 1000),
      to(receipts.retryTopics[0]!, p2, old + 1000, [
        {
          key: eventdeskHeaders.lastError,
          value: new TextEncoder().encode('SmtpUnavailable: 421 try later'),
        },
      ]),
      to(receipts.dlqTopic, p3, old + 2000, dlqHeaders('554 mailbox unavailable for pay-77')),
      to(receipts.dlqTopic, p4, old + 2000, dlqHeaders('554 mailbox unavailable for pay-78')),
      to(receipts.redeliveryTopic, p4, old + 3000),
    ]);
    // analytics processed everything except p5 (the last record of its partition).
    const p5Record = sourceOffsets.get(p5)!;
    const marks = await records.watermarks(map.sourceTopic);
    await commitGroupOffsets(
      testBootstrap(),
      map.stages[1]!.consumerGroup,
      map.sourceTopic,
      marks.map((m) => ({
        partition: m.partition,
        offset: m.partition === p5Record.partition ? p5Record.offset : m.high,
      })),
    );
  });
  afterAll(() => records.close());

  it('classifies every stage of every event in the window', async () => {
    const result = await computeStuckPayments(
      { records, map, now: () => now },
      { from: now - 60 * 60_000, to: now, includeDone: true },
    );
    expect(result.events).toBe(6);
    expect(result.counts.receipts).toEqual({
      done: 1,
      pending: 1,
      late: 1,
      retrying: 1,
      'dead-lettered': 1,
      redelivered: 1,
    });
    expect(result.counts.analytics).toEqual({
      done: 5,
      pending: 0,
      late: 1,
      retrying: 0,
      'dead-lettered': 0,
      redelivered: 0,
    });
    const byId = new Map(result.rows.map((r) => [r.paymentId, r]));
    expect(byId.get(p1)!.stages[0]!.state).toBe('done');
    // No due time stamped by the writer: the next attempt is the record's time plus tier 1's delay (1 s).
    expect(byId.get(p2)!.stages[0]).toMatchObject({
      state: 'retrying',
      reason: 'retry tier 1: SmtpUnavailable: 421 try later',
      nextAttemptAt: old + 2000,
    });
    expect(byId.get(p3)!.stages[0]).toMatchObject({
      state: 'dead-lettered',
      reason: 'SmtpError: 554 mailbox unavailable for pay-77',
    });
    expect(byId.get(p4)!.stages[0]!.state).toBe('redelivered');
    expect(byId.get(p5)!.stages[0]!.state).toBe('late');
    expect(byId.get(p5)!.stages[1]!.state).toBe('late');
    expect(byId.get(p6)!.stages[0]!.state).toBe('pending');
    expect(byId.get(p6)!.ceId).toBe(`ce-${p6}`);
  });

  it('gives the same result through the lean decoder as through kafkajs decoding every record', async () => {
    // The group reader decodes with kafkajs and ignores projections: the classification before the lean reader.
    const viaKafkajs = createKafkajsRecords({ brokers: [testBootstrap()], reader: 'group' });
    try {
      const query = { from: now - 60 * 60_000, to: now, includeDone: true };
      const lean = await computeStuckPayments({ records, map, now: () => now }, query);
      const full = await computeStuckPayments({ records: viaKafkajs, map, now: () => now }, query);
      expect({ ...lean, elapsedMs: 0 }).toEqual({ ...full, elapsedMs: 0 });
      expect(lean.rows).toHaveLength(6);
    } finally {
      await viaKafkajs.close();
    }
  });

  it('works for a window that starts at the epoch (from 0), counting the same events', async () => {
    const fromEpoch = await computeStuckPayments(
      { records, map, now: () => now },
      { from: 0, to: now, includeDone: true },
    );
    expect(fromEpoch.events).toBe(6);
    for (const from of [1, 2, 1000]) {
      const early = await computeStuckPayments(
        { records, map, now: () => now },
        { from, to: now, includeDone: true },
      );
      expect(early.counts).toEqual(fromEpoch.counts);
    }
  });

  it('filters by stage, state and age', async () => {
    const dead = await computeStuckPayments(
      { records, map, now: () => now },
      { from: now - 60 * 60_000, stage: 'receipts', state: 'dead-lettered' },
    );
    expect(dead.rows.map((r) => r.paymentId)).toEqual([p3]);
    const young = await computeStuckPayments(
      { records, map, now: () => now },
      { from: now - 60 * 60_000, maxAgeMs: 60_000 },
    );
    expect(young.rows.map((r) => r.paymentId)).toEqual([p6]);
    const stuckAtAnalytics = await computeStuckPayments(
      { records, map, now: () => now },
      { from: now - 60 * 60_000, stage: 'analytics' },
    );
    expect(stuckAtAnalytics.rows.map((r) => r.paymentId)).toEqual([p5]);
    expect(stuckAtAnalytics.stuck).toBe(5);
  });

  it('looks one payment up in the single partition its key maps to, with a timeline', async () => {
    const lookup = await findPayment({ records, map, now: () => now }, p4);
    expect(lookup.partitionLookup).toBe(true);
    expect(new Set(lookup.partitionsRead.map((p) => p.partition))).toEqual(new Set([partitionForKey(p4, 3)]));
    expect(lookup.partitionsRead).toHaveLength(8);
    expect(lookup.timeline.map((e) => [e.kind, e.stage ?? null])).toEqual([
      ['source', null],
      ['dlq', 'receipts'],
      ['redelivery', 'receipts'],
    ]);
    expect(lookup.timeline[1]!.error).toBe('SmtpError: 554 mailbox unavailable for pay-78');
    expect(lookup.stages.map((s) => s.state)).toEqual(['redelivered', 'done']);
    const missing = await findPayment({ records, map, now: () => now }, `${map.name}-nope`);
    expect(missing.timeline).toEqual([]);
  });
});
