// The redelivery gate against the real broker: SMTP down → the start is refused with the stage's own evidence;
// an override needs a reason and is audited; a job started anyway pauses itself after the threshold; SMTP back
// and a payment through → the gate opens, the job resumes and the rest is confirmed.
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { RecordPort } from '../kafka/recordPort';
import { listAudit } from '../audit/audit';
import { startEchoStage, type EchoStage } from '../test/kafkaFixtures';
import { paymentGoesThrough, pipelineWithSmtpDeadLetters } from '../test/testPipeline';
import { testBootstrap } from '../../../tools/test/kafka';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import { RedeliveryService } from './redeliveryService';

const ports: RecordPort[] = [];
const stages: EchoStage[] = [];
function newPort(): RecordPort {
  const port = createKafkajsRecords({ brokers: [testBootstrap()] });
  ports.push(port);
  return port;
}
afterAll(async () => {
  await Promise.all(stages.map((s) => s.stop().catch(() => undefined)));
  await Promise.all(ports.map((p) => p.close()));
});

const SMTP_DOWN = 'SmtpUnavailable: connect ECONNREFUSED 127.0.0.1:2525';

async function until(
  read: () => Promise<RedeliveryJobStatus>,
  done: (s: RedeliveryJobStatus) => boolean,
  timeoutMs: number,
): Promise<RedeliveryJobStatus> {
  const end = Date.now() + timeoutMs;
  let s = await read();
  while (!done(s) && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 150));
    s = await read();
  }
  return s;
}

describe('the redelivery gate, against a real broker', () => {
  it('refuses while SMTP is down, audits the override, pauses the job after the threshold, opens when SMTP is back', async () => {
    const records = newPort();
    const { map } = await pipelineWithSmtpDeadLetters(records, 12);
    const stage = map.stages[0]!;
    // SMTP down: the stage has members and keeps up (the old gate called it healthy), but every record fails.
    const failing = await startEchoStage(testBootstrap(), {
      groupId: stage.consumerGroup,
      topics: [stage.redeliveryTopic, map.sourceTopic],
      failTo: { retryTopic: stage.retryTopics[0]!, error: SMTP_DOWN, delayMs: 30_000 },
    });
    stages.push(failing);
    const svc = new RedeliveryService({
      records: newPort(),
      map: () => map,
      who: () => 'gate-tester@eventdesk',
      now: Date.now,
      batchSize: 1,
      health: { samples: 2, intervalMs: 200 },
      confirm: { intervalMs: 300, timeoutMs: 8_000 },
    });

    const gate = await svc.gate(stage.dlqTopic);
    expect(gate).toMatchObject({ failing: true, newDeadLetters: 12, newRetries: 0, sampled: 12 });
    expect(gate.errors).toEqual([{ message: 'SmtpError: connect ECONNREFUSED <ip> for <id>', count: 12 }]);
    expect(gate.problem).toBe(
      'Still failing: 12 new dead letters in the last 60 s (SmtpError: connect ECONNREFUSED <ip> for <id>); no payment finished the stage since the last failure',
    );
    // The group-only check passes: members and lag are fine. Only the evidence says it is still failing.
    const plan = await svc.plan(stage.dlqTopic, { kind: 'all' });
    expect(plan.refusals).toEqual([]);

    const request = {
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'all' } as const,
      why: 'customers are waiting for their receipts',
      ratePerSecond: 2,
    };
    await expect(svc.start({ ...request, overrideHealth: false })).rejects.toMatchObject({
      code: 'refused',
      reason: 'stage-unhealthy',
      message: expect.stringContaining('Still failing: 12 new dead letters in the last 60 s'),
    });
    // An override without a reason is refused and writes nothing.
    await expect(svc.start({ ...request, overrideHealth: true })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('Say why you redeliver despite the gate'),
    });
    expect((await listAudit(svc.ledger(), {})).gateEvents).toEqual([]);

    const started = await svc.start({
      ...request,
      overrideHealth: true,
      overrideReason: 'the provider says it is fixed',
      pauseAfterFailures: 3,
    });
    expect(started.pauseAfterFailures).toBe(3);
    const paused = await until(
      () => svc.status(started.jobId),
      (s) => s.state === 'paused',
      30_000,
    );
    expect(paused.state).toBe('paused');
    expect(paused.failedAgain).toBeGreaterThan(3);
    expect(paused.moved).toBeLessThan(12);
    expect(paused.pausedReason).toBe(
      `paused: ${paused.failedAgain} of ${paused.moved} moved failed again (SmtpUnavailable: connect ECONNREFUSED <ip>)`,
    );
    expect(paused.failures.length).toBe(paused.failedAgain);
    expect(paused.failures[0]).toMatchObject({ error: SMTP_DOWN, topic: stage.retryTopics[0] });
    expect(paused.confirmed + paused.failedAgain + paused.waiting + paused.unconfirmable).toBe(paused.moved);
    // Paused: nothing more moves.
    await new Promise((ok) => setTimeout(ok, 1500));
    expect((await svc.status(started.jobId)).moved).toBe(paused.moved);

    const audit = await listAudit(svc.ledger(), { jobId: started.jobId });
    const byEvent = new Map(audit.gateEvents.map((e) => [e.event, e]));
    expect(byEvent.get('override')).toMatchObject({
      who: 'gate-tester@eventdesk',
      reason: 'the provider says it is fixed',
      dlqTopic: stage.dlqTopic,
      evidence: expect.stringContaining('Still failing: 12 new dead letters'),
    });
    expect(byEvent.get('pause')).toMatchObject({
      who: 'gate-tester@eventdesk',
      evidence: paused.pausedReason,
    });

    // SMTP back: the stage finishes records again; until a payment went through, the evidence still says failing.
    await failing.stop();
    stages.splice(stages.indexOf(failing), 1);
    const healthy = await startEchoStage(testBootstrap(), {
      groupId: stage.consumerGroup,
      topics: [stage.redeliveryTopic, map.sourceTopic],
      outcomeTopic: stage.outcomeTopic!,
    });
    stages.push(healthy);
    expect((await svc.gate(stage.dlqTopic)).failing).toBe(true);
    expect(await paymentGoesThrough(records, map, healthy)).toBe(true);
    const open = await svc.gate(stage.dlqTopic);
    expect(open).toMatchObject({ failing: false, newDeadLetters: 12 });
    expect(open.newRetries).toBeGreaterThan(3);
    expect(open.lastOutcomeAt).toBeGreaterThan(open.lastFailureAt!);
    expect(open.problem).toBeUndefined();

    const resumed = await svc.resume(started.jobId);
    expect(resumed.state).toBe('running');
    const done = await svc.wait(started.jobId);
    expect(done).toMatchObject({ state: 'done', moved: 12, waiting: 0 });
    // Each moved record is confirmed or failed again, exactly one; those moved after the resume are confirmed.
    expect(done.confirmed + done.failedAgain).toBe(12);
    expect(done.confirmed).toBeGreaterThanOrEqual(12 - paused.moved);
    expect(done.confirmed).toBeLessThanOrEqual(done.moved);
    const resume = (await listAudit(svc.ledger(), { jobId: started.jobId })).gateEvents.find(
      (e) => e.event === 'resume',
    );
    expect(resume).toMatchObject({
      who: 'gate-tester@eventdesk',
      reason: 'resumed by gate-tester@eventdesk',
    });
  }, 90_000);
});
