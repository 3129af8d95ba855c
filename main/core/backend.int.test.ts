import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleBackend, type ConsoleBackend } from './backend';
import { dispatch } from './dispatch';
import { createKafkajsRecords } from './kafka/kafkajsRecords';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import type { ScanProgress } from '../../shared/browse';
import type { DlqRecordsResult } from '../../shared/dlq';
import type { RedeliveryJobStatus } from '../../shared/redelivery';
import { createMapTopics, testPipelineMap } from './test/testPipeline';
import { partitionForKey } from '../../shared/partitioner';

describe('the channels through dispatch, against a real broker', () => {
  let backend: ConsoleBackend;
  const topic = uniqueName('channels');
  beforeAll(async () => {
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await records.ensureTopic(topic, { partitions: 2 });
    await records.produce([{ topic, partition: 1, key: 'pay-9', value: '{"customerId":"c-42"}' }]);
    await records.close();
    backend = createConsoleBackend({ bootstrap: [testBootstrap()] });
    await dispatch(backend.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
  });
  afterAll(() => backend.dispose());

  it('serves the pipeline map and names the field of an invalid one', async () => {
    const map = await dispatch(backend.handlers, 'pipeline.map', {});
    expect(map).toMatchObject({
      ok: true,
      value: { source: 'default', map: { sourceTopic: 'payments.succeeded' } },
    });
    const invalid = await dispatch(backend.handlers, 'pipeline.validateMap', {
      text: '{"sourceTopic":"x","correlationKey":{"from":"key"},"stages":[{"name":"r"}]}',
    });
    expect(invalid).toMatchObject({ ok: true, value: { ok: false } });
    expect(JSON.stringify(invalid)).toContain('"path":"stages[0].consumerGroup"');
  });

  it('streams a browse scan and reports a bad JSON path as invalid input', async () => {
    const bad = await dispatch(backend.handlers, 'records.browse', {
      topic,
      seek: { mode: 'oldest' },
      filter: { jsonPath: '$.customerId == c-42' },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/JSON path filter at position 17: expected a value/);
    const started = await dispatch(backend.handlers, 'records.browse', {
      topic,
      seek: { mode: 'oldest' },
      filter: { jsonPath: '$.customerId = "c-42"' },
    });
    if (!started.ok) throw new Error(started.error.message);
    const { scanId } = started.value as { scanId: string };
    let progress: ScanProgress | undefined;
    for (let i = 0; i < 100; i++) {
      const r = await dispatch(backend.handlers, 'records.scanProgress', { scanId });
      if (!r.ok) throw new Error(r.error.message);
      progress = r.value as ScanProgress;
      if (progress.state !== 'running') break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(progress).toMatchObject({ state: 'done', scanned: 1, matched: 1 });
    const missing = await dispatch(backend.handlers, 'records.get', { topic, partition: 0, offset: '5' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses a redelivery with a reason a person can act on', async () => {
    const none = await dispatch(backend.handlers, 'redelivery.plan', {
      dlqTopic: uniqueName('absent'),
      selection: { kind: 'all' },
    });
    expect(none).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const noWhy = await dispatch(backend.handlers, 'redelivery.start', {
      dlqTopic: topic,
      selection: { kind: 'all' },
      why: '',
    });
    expect(noWhy).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const foreign = await dispatch(backend.handlers, 'redelivery.start', {
      dlqTopic: topic,
      selection: { kind: 'all' },
      why: 'test run',
    });
    // The record has no dead-letter headers, so there is no original topic to send it back to: nothing moves.
    expect(foreign).toMatchObject({ ok: true, value: { toMove: 0, refused: 1 } });
  });

  it('runs the whole redelivery flow through the channels and marks the DLQ record as redelivered', async () => {
    const map = testPipelineMap(uniqueName('flow'));
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await createMapTopics(records, map, 2);
    const stage = map.stages[0]!;
    await records.produce([
      {
        topic: stage.dlqTopic,
        partition: partitionForKey('pay-flow', 2),
        key: 'pay-flow',
        value: '{}',
        headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
      },
    ]);
    await records.close();
    expect(await dispatch(backend.handlers, 'pipeline.saveMap', { text: JSON.stringify(map) })).toMatchObject(
      { ok: true, value: { source: 'memory' } },
    );
    const started = await dispatch(backend.handlers, 'redelivery.start', {
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'all' },
      why: 'channel flow test',
      overrideHealth: true,
      overrideReason: 'channel flow test: no stage runs',
      ratePerSecond: 100,
    });
    if (!started.ok) throw new Error(started.error.message);
    const jobId = (started.value as RedeliveryJobStatus).jobId;
    let status: RedeliveryJobStatus | undefined;
    for (let i = 0; i < 100; i++) {
      const r = await dispatch(backend.handlers, 'redelivery.status', { jobId });
      if (!r.ok) throw new Error(r.error.message);
      status = r.value as RedeliveryJobStatus;
      if (status.moved === 1) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(status).toMatchObject({ moved: 1, toMove: 1 });
    const listed = await dispatch(backend.handlers, 'dlq.records', { topic: stage.dlqTopic });
    if (!listed.ok) throw new Error(listed.error.message);
    expect((listed.value as DlqRecordsResult).records[0]!.ledger).toMatchObject({
      jobId,
      targetTopic: stage.redeliveryTopic,
    });
    const audit = await dispatch(backend.handlers, 'audit.export', { format: 'csv', jobId });
    expect(audit).toMatchObject({ ok: true, value: { format: 'csv', count: 1 } });
    await dispatch(backend.handlers, 'redelivery.cancel', { jobId });
  });
});
