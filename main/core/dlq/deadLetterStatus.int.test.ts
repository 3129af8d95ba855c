import { afterAll, describe, expect, it } from 'vitest';
import { encodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import { redeliveryHeaders } from '../../../shared/deadLetterHeaderNames';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { RedeliveryService } from '../redelivery/redeliveryService';
import { startEchoStage } from '../test/kafkaFixtures';
import { pipelineWithSmtpDeadLetters } from '../test/testPipeline';
import { testBootstrap } from '../../../tools/test/kafka';
import { groupDlqErrors, listDlqRecords, listDlqTopics } from './dlqTriage';

const utf8 = new TextEncoder();

function deadLetter(
  topic: string,
  partition: number,
  key: string,
  exceptionClass: string,
  message: string,
  extra: { key: string; value: Uint8Array }[],
) {
  const headers = encodeDeadLetterHeaders({
    originalTopic: 'payments.succeeded',
    partition: 0,
    offset: '0',
    timestamp: Date.now(),
    consumerGroup: 'receipts',
    exceptionClass,
    message,
    stacktrace: '',
    attempts: 3,
    firstFailureAt: Date.now(),
    stage: 'receipts',
    errorClass: 'transient',
  });
  return {
    topic,
    partition,
    key,
    value: '{}',
    headers: [...Object.entries(headers).map(([k, value]) => ({ key: k, value })), ...extra],
  };
}

// Status comes from the ledger topic and the DLQ itself: after a confirmed redelivery nothing of the group
// is outstanding, and "Redeliver group" would move nothing, saying why.
describe('dead-letter status against a real broker', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  afterAll(() => records.close());

  it('shows confirmed records, 0 outstanding, an empty plan with its reason, then a failed-again record', async () => {
    const { map, ids } = await pipelineWithSmtpDeadLetters(records, 4);
    const stage = map.stages[0]!;
    // Redelivered three times already (the map's limit) and failed each time: the loop guard keeps it.
    await records.produce([
      deadLetter(stage.dlqTopic, 0, 'pay-looping', 'TemplateError', 'template "receipt" missing', [
        { key: redeliveryHeaders.count, value: utf8.encode('3') },
      ]),
    ]);
    const svc = new RedeliveryService({
      records,
      map: () => map,
      who: () => 'support@eventdesk',
      now: Date.now,
      batchSize: 5,
      health: { samples: 2, intervalMs: 200 },
      confirm: { intervalMs: 300, timeoutMs: 20_000 },
    });
    const deps = { records, map, ledgerMarks: (topic: string) => svc.ledgerMarks(topic) };

    const before = await groupDlqErrors(deps, stage.dlqTopic);
    const smtpGroup = () => before.groups.find((g) => g.exceptionClass === 'SmtpError')!;
    const fingerprint = smtpGroup().fingerprint;
    expect(smtpGroup()).toMatchObject({ count: 4, outstanding: 4, handled: 0, loopGuarded: 0 });
    expect(before.groups.find((g) => g.exceptionClass === 'TemplateError')).toMatchObject({
      count: 1,
      outstanding: 1,
      loopGuarded: 1,
    });

    const echo = await startEchoStage(testBootstrap(), {
      groupId: stage.consumerGroup,
      topics: [stage.redeliveryTopic],
      outcomeTopic: stage.outcomeTopic!,
    });
    try {
      const job = await svc.start({
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'group', fingerprint },
        why: 'SMTP is back',
        ratePerSecond: 1000,
        // The dead letters were written seconds ago and the stand-in stage finished nothing since: the gate
        // says "still failing". The gate has its own tests (redelivery/gate.int.test.ts); this one is about status.
        overrideHealth: true,
        overrideReason: 'the stand-in stage is up',
      });
      expect(await svc.wait(job.jobId)).toMatchObject({ state: 'done', moved: 4, confirmed: 4 });
    } finally {
      await echo.stop();
    }

    const listed = await listDlqRecords(deps, { topic: stage.dlqTopic, show: 'all' });
    const statusById = new Map(listed.records.map((r) => [r.paymentId, r.status]));
    expect(Object.fromEntries(statusById)).toEqual({
      [ids[0]!]: 'confirmed',
      [ids[1]!]: 'confirmed',
      [ids[2]!]: 'confirmed',
      [ids[3]!]: 'confirmed',
      'pay-looping': 'loop-guard',
    });
    const outstanding = await listDlqRecords(deps, { topic: stage.dlqTopic, show: 'outstanding' });
    expect(outstanding.records.map((r) => r.paymentId)).toEqual(['pay-looping']);
    expect(outstanding.handledHidden).toBe(4);

    const after = await groupDlqErrors(deps, stage.dlqTopic);
    expect(after.groups.find((g) => g.fingerprint === fingerprint)).toMatchObject({
      count: 4,
      outstanding: 0,
      handled: 4,
    });
    // Groups with work left come first.
    expect(after.groups[0]!.exceptionClass).toBe('TemplateError');
    const topic = (await listDlqTopics(deps)).find((t) => t.topic === stage.dlqTopic);
    expect(topic).toMatchObject({ messages: '5', outstanding: '1', handled: '4' });

    const plan = await svc.plan(stage.dlqTopic, { kind: 'group', fingerprint });
    expect(plan).toMatchObject({ selected: 4, toMove: 0, alreadyRedelivered: 4 });
    expect(plan.skipReasons).toEqual(['4 records already redelivered and confirmed by the stage']);
    const all = await svc.plan(stage.dlqTopic, { kind: 'all' });
    expect(all).toMatchObject({ selected: 5, toMove: 0, loopGuarded: 1 });
    expect(all.skipReasons).toEqual([
      '4 records already redelivered and confirmed by the stage',
      "1 record stopped by the loop guard: redelivered 3 times already, the pipeline map's limit",
    ]);

    // The stage fails the redelivered ids[0] again: its retry chain ends in a newer dead letter that
    // carries the provenance of the first one.
    const first = listed.records.find((r) => r.paymentId === ids[0])!;
    await records.produce([
      deadLetter(stage.dlqTopic, first.partition, ids[0]!, 'SmtpError', `452 mailbox full for ${ids[0]}`, [
        { key: redeliveryHeaders.dlqTopic, value: utf8.encode(first.topic) },
        { key: redeliveryHeaders.dlqPartition, value: utf8.encode(String(first.partition)) },
        { key: redeliveryHeaders.dlqOffset, value: utf8.encode(first.offset) },
        { key: redeliveryHeaders.count, value: utf8.encode('1') },
      ]),
    ]);
    const again = await listDlqRecords(deps, { topic: stage.dlqTopic, paymentId: ids[0]! });
    expect(again.records).toHaveLength(2);
    const [original, newer] = [...again.records].sort((a, b) =>
      BigInt(a.offset) < BigInt(b.offset) ? -1 : 1,
    );
    expect(original).toMatchObject({
      status: 'failed-again',
      failedAgain: { offset: newer!.offset, message: `452 mailbox full for ${ids[0]}` },
    });
    expect(newer).toMatchObject({ status: 'outstanding', redeliveredFrom: { offset: first.offset } });
  }, 60_000);
});
