// The runtime against the real broker with a scripted handler: retry tiers never block, DLQ context, poison,
// duplicates. (services/invariants/ runs the real stages as OS processes under faults.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDeadLetterHeaders } from '../../shared/dlqHeaders';
import type { PaymentSuccess } from '../../shared/events';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { createSourceTopic, readTopic, testKafka, waitFor } from '../invariants/harness';
import { paymentMessage, publishPayments, samplePayment } from '../sandbox/paymentEvents';
import { StageError } from '../stages/types';
import { runStage, type RunningStage } from './runStage';

let producer: Producer;
const dataDirs: string[] = [];
const running: RunningStage[] = [];
const kafka = () => testKafka(testBootstrap());

beforeAll(async () => {
  producer = kafka().producer();
  await producer.connect();
});
afterAll(async () => {
  for (const stage of running) await stage.stop();
  await producer.disconnect();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function startScripted(
  handler: (event: PaymentSuccess) => Promise<void>,
  tiers = [{ delayMs: 300 }, { delayMs: 1000 }],
) {
  const sourceTopic = uniqueName('payments');
  await createSourceTopic(kafka(), sourceTopic, 1);
  const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-runtime-'));
  dataDirs.push(dataDir);
  const stage = await runStage({
    stage: 'scripted',
    groupId: uniqueName('scripted'),
    bootstrap: testBootstrap(),
    handler: async (event) => {
      await handler(event);
      return { outcome: { ok: true } };
    },
    tiers,
    dataDir,
    sourceTopic,
    outcomeTopic: `${sourceTopic}.outcomes`,
  });
  running.push(stage);
  return { stage, sourceTopic };
}

describe('runStage', () => {
  it('retries a transient failure through the tiers without blocking the partition', async () => {
    const completed: string[] = [];
    let flakyFailures = 0;
    const { stage, sourceTopic } = await startScripted(async (event) => {
      if (event.customerId === 'flaky' && flakyFailures < 2) {
        flakyFailures++;
        throw new StageError('provider down', 'transient', 'test.ProviderDown');
      }
      completed.push(event.paymentId);
    });
    const [flaky] = await publishPayments(producer, sourceTopic, [samplePayment(1, { customerId: 'flaky' })]);
    const good = await publishPayments(producer, sourceTopic, [samplePayment(2), samplePayment(3)]);
    await waitFor(
      'the flaky payment to succeed on its third attempt',
      () => completed.includes(flaky!.event.paymentId),
      20_000,
    );
    // Records behind the failing one were not held up by its retries.
    expect(completed.indexOf(good[0]!.event.paymentId)).toBeLessThan(
      completed.indexOf(flaky!.event.paymentId),
    );
    expect(flakyFailures).toBe(2);
    // The handler has run; the outcome and processed row are flushed right after it.
    await waitFor('the batch to be flushed', () => stage.metrics().processed === 3, 5000);
    expect(stage.metrics()).toMatchObject({ processed: 3, retried: 2, deadLettered: 0 });
    const outcomes = await readTopic(kafka(), `${sourceTopic}.outcomes`, 3);
    expect(outcomes.map((o) => o.key).sort()).toEqual([flaky, ...good].map((p) => p!.event.paymentId).sort());
    expect(outcomes.find((o) => o.key === flaky!.event.paymentId)?.headers.ce_id?.toString()).toBe(
      flaky!.ceId,
    );
  });

  it('dead-letters after the last tier with Spring headers and full context', async () => {
    const { stage, sourceTopic } = await startScripted(async () => {
      throw new StageError(
        'SMTP server unavailable: connect ECONNREFUSED 127.0.0.1:2525',
        'transient',
        'eventdesk.receipts.SmtpUnavailable',
      );
    });
    const [payment] = await publishPayments(producer, sourceTopic, [samplePayment(4)]);
    const [dead] = await readTopic(kafka(), stage.topics.dlq, 1);
    expect(dead?.key).toBe(payment!.event.paymentId);
    expect(dead?.value?.toString()).toBe(JSON.stringify(payment!.event));
    expect(dead?.headers.ce_id?.toString()).toBe(payment!.ceId);
    const info = decodeDeadLetterHeaders(dead!.headers as Record<string, Buffer>);
    expect(info).toMatchObject({
      format: 'spring-dlt',
      originalTopic: sourceTopic,
      partition: 0,
      offset: '0',
      consumerGroup: stage.groupId,
      exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
      message: 'SMTP server unavailable: connect ECONNREFUSED 127.0.0.1:2525',
      attempts: 3,
      stage: 'scripted',
      errorClass: 'transient',
      problems: [],
    });
    expect(info.firstFailureAt).toBeLessThanOrEqual(info.lastFailureAt ?? 0);
    expect((info.lastFailureAt ?? 0) - (info.firstFailureAt ?? 0)).toBeGreaterThanOrEqual(1300);
    expect(stage.metrics()).toMatchObject({ retried: 2, deadLettered: 1, processed: 0 });
  });

  it('sends poison straight to the DLQ and keeps the partition flowing', async () => {
    const completed: string[] = [];
    const { stage, sourceTopic } = await startScripted(async (event) => {
      completed.push(event.paymentId);
    });
    const good = samplePayment(5);
    const valid = paymentMessage(samplePayment(6));
    await producer.send({
      topic: sourceTopic,
      messages: [
        { ...valid, value: '{"paymentId": ' }, // malformed JSON
        { ...valid, headers: { ...valid.headers, ce_type: 'com.eventdesk.payment.success.v9' } },
        {
          ...valid,
          headers: Object.fromEntries(Object.entries(valid.headers).filter(([name]) => name !== 'ce_id')),
        },
        { ...valid, value: JSON.stringify({ paymentId: 'x' }) }, // schema violation
        paymentMessage(good),
      ],
    });
    await waitFor(
      'the good record after four poison records',
      () => completed.includes(good.paymentId),
      15_000,
    );
    const dead = await readTopic(kafka(), stage.topics.dlq, 4);
    const infos = dead.map((d) => decodeDeadLetterHeaders(d.headers as Record<string, Buffer>));
    expect(infos.map((i) => i.exceptionClass).sort()).toEqual(
      [
        'eventdesk.poison.MalformedJson',
        'eventdesk.poison.MissingEventId',
        'eventdesk.poison.SchemaViolation',
        'eventdesk.poison.UnsupportedType',
      ].sort(),
    );
    for (const info of infos)
      expect(info).toMatchObject({ attempts: 1, errorClass: 'poison', originalTopic: sourceTopic });
    expect(
      dead
        .find(
          (d) =>
            decodeDeadLetterHeaders(d.headers as Record<string, Buffer>).exceptionClass ===
            'eventdesk.poison.MalformedJson',
        )
        ?.value?.toString(),
    ).toBe('{"paymentId": ');
    await waitFor('the good record to be flushed', () => stage.metrics().processed === 1, 5000);
    expect(stage.metrics()).toMatchObject({ poison: 4, deadLettered: 4, retried: 0, processed: 1 });
  });

  it('treats a redelivered duplicate (same ce_id) as a no-op', async () => {
    let calls = 0;
    const { stage, sourceTopic } = await startScripted(async () => {
      calls++;
    });
    const [payment] = await publishPayments(producer, sourceTopic, [samplePayment(7)]);
    await waitFor('first processing', () => stage.metrics().processed === 1, 15_000);
    await producer.send({
      topic: stage.topics.redelivery,
      messages: [paymentMessage(payment!.event, payment!.ceId, payment!.correlationId)],
    });
    await waitFor('the duplicate to be skipped', () => stage.metrics().duplicatesSkipped === 1, 15_000);
    expect(calls).toBe(1);
  });
});
