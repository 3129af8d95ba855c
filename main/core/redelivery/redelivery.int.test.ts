import { afterAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { startEchoStage } from '../test/kafkaFixtures';
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import type { PipelineMap } from '../../../shared/pipelineMap';
import { paymentGoesThrough, pipelineWithSmtpDeadLetters } from '../test/testPipeline';
import { provenanceHeaders } from './provenance';
import { AppFailure } from '../appFailure';
import { RedeliveryService, type RedeliveryServiceDeps } from './redeliveryService';
import { listAudit } from '../audit/audit';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';

const utf8 = new TextEncoder();
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : null);

const ports: RecordPort[] = [];
function newPort(): RecordPort {
  const port = createKafkajsRecords({ brokers: [testBootstrap()] });
  ports.push(port);
  return port;
}
afterAll(async () => {
  await Promise.all(ports.map((p) => p.close()));
});

/** A pipeline with `count` dead letters at the receipts stage (SMTP refused), keyed by payment id. */
const pipelineWithDeadLetters = (
  count: number,
  extra?: (i: number) => { key: string; value: Uint8Array }[],
) => pipelineWithSmtpDeadLetters(newPort(), count, extra);

function service(map: PipelineMap, overrides: Partial<RedeliveryServiceDeps> = {}): RedeliveryService {
  return new RedeliveryService({
    records: newPort(),
    map: () => map,
    who: () => 'test-support@eventdesk',
    now: Date.now,
    batchSize: 5,
    health: { samples: 2, intervalMs: 200 },
    // Without a running stage nothing confirms: give up quickly (the closed-loop test overrides this).
    confirm: { intervalMs: 300, timeoutMs: 1000 },
    ...overrides,
  });
}

/** Every record in the stage's redelivery topic, by the DLQ offset it came from. */
async function redelivered(map: PipelineMap): Promise<KafkaRecord[]> {
  const records = newPort();
  const topic = map.stages[0]!.redeliveryTopic;
  const marks = await records.watermarks(topic);
  const out: KafkaRecord[] = [];
  await records.read(
    [{ topic, ranges: marks.map((m) => ({ partition: m.partition, from: m.low, to: m.high })) }],
    { onBatch: (b) => void out.push(...b) },
  );
  return out;
}

function expectExactlyOnce(target: KafkaRecord[], ids: string[]): void {
  const keys = target.map((r) => text(r.key)).sort();
  expect(keys).toEqual([...ids].sort());
}

const start = {
  why: 'SMTP is back; resend receipts',
  ratePerSecond: 1000,
  overrideHealth: true,
  overrideReason: 'no stage runs in this test',
} as const;

describe('redelivery jobs against a real broker', () => {
  it('plans per stage, groups by error, applies the loop guard and refuses a stopped stage', async () => {
    const { map } = await pipelineWithDeadLetters(6, (i) =>
      i === 5 ? [{ key: provenanceHeaders.count, value: utf8.encode('3') }] : [],
    );
    const svc = service(map);
    const plan = await svc.plan(map.stages[0]!.dlqTopic, { kind: 'all' });
    expect(plan).toMatchObject({ stage: 'receipts', selected: 6, toMove: 5, loopGuarded: 1 });
    expect(plan.targets).toEqual([
      expect.objectContaining({
        targetTopic: map.stages[0]!.redeliveryTopic,
        count: 5,
        requiresConfirmation: false,
      }),
    ]);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0]).toMatchObject({ exceptionClass: 'SmtpError', count: 6 });
    expect(plan.refusals.join()).toMatch(/has no active members/);
    await expect(
      svc.start({
        ...start,
        overrideHealth: false,
        dlqTopic: map.stages[0]!.dlqTopic,
        selection: { kind: 'all' },
      }),
    ).rejects.toThrow(AppFailure);
    await expect(
      svc.start({
        ...start,
        overrideHealth: false,
        dlqTopic: map.stages[0]!.dlqTopic,
        selection: { kind: 'all' },
      }),
    ).rejects.toMatchObject({ code: 'refused', reason: 'stage-unhealthy' });
  });

  it("refuses with a clear reason when the stage's source topic does not exist on the cluster", async () => {
    const { map: created } = await pipelineWithDeadLetters(3);
    // The same pipeline, but its map names a source topic this cluster does not have (a map for another cluster).
    const map: PipelineMap = { ...created, sourceTopic: uniqueName('payments.succeeded') };
    const svc = service(map);
    const plan = await svc.plan(map.stages[0]!.dlqTopic, { kind: 'all' });
    expect(plan).toMatchObject({ stage: 'receipts', toMove: 3 });
    const problem = `the stage's source topic "${map.sourceTopic}" does not exist on this cluster`;
    expect(plan.refusals).toEqual([expect.stringContaining(problem)]);
    expect(plan.targets[0]!.health).toMatchObject({ ok: false, problem: expect.stringContaining(problem) });
    await expect(
      svc.start({
        ...start,
        overrideHealth: false,
        dlqTopic: map.stages[0]!.dlqTopic,
        selection: { kind: 'all' },
      }),
    ).rejects.toThrow(problem);
    // Asking about the missing topic left the port usable: planning again gives the same verdict.
    expect((await svc.plan(map.stages[0]!.dlqTopic, { kind: 'all' })).refusals).toEqual(plan.refusals);
  });

  it('resumes a crashed job without duplicates, keeping ce_id and adding provenance', async () => {
    const { map, ids } = await pipelineWithDeadLetters(23);
    let crashed = false;
    const svc = service(map, {
      faults: { afterTargetProduce: (moved) => !crashed && moved >= 10 && (crashed = true) },
    });
    const first = await svc.start({
      ...start,
      dlqTopic: map.stages[0]!.dlqTopic,
      selection: { kind: 'all' },
    });
    const afterCrash = await svc.wait(first.jobId);
    expect(afterCrash.state).toBe('crashed');
    // The crash hit after a batch reached the target and before the ledger knew about it.
    const recordedBeforeCrash = (await listAudit(svc.ledger(), {})).total;
    const unrecorded = afterCrash.moved - recordedBeforeCrash;
    expect(unrecorded).toBeGreaterThan(0);
    await svc.resume(first.jobId);
    const resumed = await svc.wait(first.jobId);
    expect(resumed).toMatchObject({
      state: 'done',
      toMove: 23 - recordedBeforeCrash,
      recovered: unrecorded,
      moved: 23 - afterCrash.moved,
    });
    const target = await redelivered(map);
    expectExactlyOnce(target, ids);
    const one = target.find((r) => text(r.key) === ids[7])!;
    const header = (k: string) => text(one.headers.find((h) => h.key === k)?.value);
    expect(header('ce_id')).toBe(`ce-${ids[7]}`);
    expect(header(provenanceHeaders.by)).toBe('test-support@eventdesk');
    expect(header(provenanceHeaders.count)).toBe('1');
    expect(header(provenanceHeaders.dlqTopic)).toBe(map.stages[0]!.dlqTopic);
    expect(one.headers.some((h) => h.key.startsWith('kafka_dlt-'))).toBe(false);
    const audit = await listAudit(svc.ledger(), {});
    expect(audit.total).toBe(23);
    expect(audit.entries.filter((e) => e.recovered)).toHaveLength(unrecorded);
  });

  it('a second console finishes what a crashed console left, once the claims expire', async () => {
    const { map, ids } = await pipelineWithDeadLetters(12);
    const crashing = service(map, { leaseMs: 1500, faults: { afterTargetProduce: (moved) => moved >= 5 } });
    const job = await crashing.start({
      ...start,
      dlqTopic: map.stages[0]!.dlqTopic,
      selection: { kind: 'all' },
    });
    const crashed = await crashing.wait(job.jobId);
    expect(crashed.state).toBe('crashed');
    const recordedBeforeCrash = (await listAudit(crashing.ledger(), {})).total;
    const other = service(map, { leaseMs: 1500 });
    const second = await other.start({
      ...start,
      dlqTopic: map.stages[0]!.dlqTopic,
      selection: { kind: 'all' },
    });
    const done = await other.wait(second.jobId);
    expect(done.recovered).toBe(crashed.moved - recordedBeforeCrash);
    expect(done.recovered).toBeGreaterThan(0);
    expect(done.moved).toBe(12 - crashed.moved);
    expectExactlyOnce(await redelivered(map), ids);
  });

  it('two consoles redelivering the same records at once produce one copy each', async () => {
    const { map, ids } = await pipelineWithDeadLetters(30);
    const a = service(map);
    const b = service(map);
    const [ja, jb] = await Promise.all([
      a.start({ ...start, dlqTopic: map.stages[0]!.dlqTopic, selection: { kind: 'all' } }),
      b.start({ ...start, dlqTopic: map.stages[0]!.dlqTopic, selection: { kind: 'all' } }),
    ]);
    const [da, db] = await Promise.all([a.wait(ja.jobId), b.wait(jb.jobId)]);
    expect(da.moved + db.moved).toBe(30);
    expectExactlyOnce(await redelivered(map), ids);
  });

  it('closes the loop: every redelivered payment is confirmed by the stage outcome', async () => {
    const { map, ids } = await pipelineWithDeadLetters(8);
    const stage = map.stages[0]!;
    const echo = await startEchoStage(testBootstrap(), {
      groupId: stage.consumerGroup,
      topics: [stage.redeliveryTopic, map.sourceTopic],
      outcomeTopic: stage.outcomeTopic!,
    });
    try {
      // A new payment goes through after the outage: the gate sees a finished payment newer than the failures.
      expect(await paymentGoesThrough(newPort(), map, echo)).toBe(true);
      const svc = service(map, { confirm: { intervalMs: 300, timeoutMs: 20_000 } });
      const plan = await svc.plan(stage.dlqTopic, {
        kind: 'group',
        fingerprint: (await svc.plan(stage.dlqTopic, { kind: 'all' })).groups[0]!.fingerprint,
      });
      expect(plan.refusals).toEqual([]);
      const job = await svc.start({
        ...start,
        overrideHealth: false,
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'payment', paymentId: ids[3]! },
      });
      expect(await svc.wait(job.jobId)).toMatchObject({ state: 'done', moved: 1, confirmed: 1 });
      const all = await svc.start({
        ...start,
        overrideHealth: false,
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'all' },
      });
      const summary = await svc.wait(all.jobId);
      // The one redelivered before is skipped, never sent twice, and not this job's to confirm: 7 / 7, not 8 / 7.
      expect(summary).toMatchObject({
        state: 'done',
        moved: 7,
        skipped: 1,
        confirmed: 7,
        failedAgain: 0,
        waiting: 0,
      });
      expectExactlyOnce(await redelivered(map), ids);
      const audit = await listAudit(svc.ledger(), { result: 'confirmed' });
      expect(audit.total).toBe(8);
    } finally {
      await echo.stop();
    }
  });
});

describe('a redelivery the stage fails again, against a real broker', () => {
  it('counts the records that failed again with their error and next attempt, none confirmed, none waiting', async () => {
    const { map, ids } = await pipelineWithDeadLetters(6);
    const stage = map.stages[0]!;
    const echo = await startEchoStage(testBootstrap(), {
      groupId: stage.consumerGroup,
      topics: [stage.redeliveryTopic],
      failTo: {
        retryTopic: stage.retryTopics[0]!,
        error: 'SmtpUnavailable: connect ECONNREFUSED 127.0.0.1:2525',
        delayMs: 30_000,
      },
    });
    try {
      const svc = service(map, { confirm: { intervalMs: 300, timeoutMs: 4_000 } });
      const job = await svc.start({ ...start, dlqTopic: stage.dlqTopic, selection: { kind: 'all' } });
      const summary = await svc.wait(job.jobId);
      expect(summary).toMatchObject({ moved: 6, confirmed: 0, failedAgain: 6, waiting: 0, unconfirmable: 0 });
      expect(summary.failures).toHaveLength(6);
      expect(new Set(summary.failures.map((f) => f.paymentId))).toEqual(new Set(ids));
      for (const f of summary.failures) {
        expect(f).toMatchObject({
          topic: stage.retryTopics[0],
          final: false,
          error: 'SmtpUnavailable: connect ECONNREFUSED 127.0.0.1:2525',
        });
        expect(f.nextAttemptAt! - f.at).toBeGreaterThan(25_000);
      }
    } finally {
      await echo.stop();
    }
  });
});
