// Invariant under an SMTP outage: payments made through the real API while the mail server is down still end
// with exactly one receipt each. Failures walk the retry tiers into the DLQ with full context; DLQ records are
// redelivered (as the console does) once SMTP is back. Checked against the mailbox and the processor's ledger.
import { afterAll, expect, it } from 'vitest';
import { decodeDeadLetterHeaders, type RawHeaders } from '../../shared/dlqHeaders';
import { redeliveryTopic, dlqTopic } from '../../shared/referencePipeline';
import { testBootstrap } from '../../tools/test/kafka';
import { parseFaultLine, runFaultSchedule } from '../sandbox/faults';
import { startTraffic } from '../traffic/generator';
import { checkChargesOnce, checkReceipts } from './checker';
import {
  collectTopic,
  redeliveryMessage,
  stageHealth,
  testKafka,
  type TopicCollector,
  useInvariantSandbox,
  waitFor,
} from './harness';

const env = useInvariantSandbox('outage');
let dlq: TopicCollector | undefined;

afterAll(async () => {
  await dlq?.stop();
});

it('SMTP down for 3 s, then back: every payment ends with exactly one receipt; failures reached the DLQ with context', async () => {
  const bootstrap = testBootstrap();
  const kafka = testKafka(bootstrap);
  const sandbox = await env.start({
    stages: ['receipts'],
    traffic: false,
  });
  const { smtp, api, processor } = sandbox;
  if (!api || !processor) throw new Error('the sandbox did not start the payment API');
  dlq = await collectTopic(kafka, dlqTopic('receipts', sandbox.sourceTopic));

  const outage = runFaultSchedule([parseFaultLine('at 1s smtp down for 3s')], {
    setProviderMode: (_target, mode) => smtp.setMode(mode),
    killStage: async () => {},
    restartStage: async () => {},
  });
  const trafficStartedAt = Date.now();
  const traffic = startTraffic({ apiUrl: api.url, ratePerSec: 10, durationMs: 6000, customers: 50 });
  const stats = await traffic.finished;
  await outage.done;
  const smtpBackAt = trafficStartedAt + 4000; // "at 1s … for 3s"

  const paymentIds = processor.successfulCharges().map((c) => c.reference);
  expect(paymentIds.length).toBe(stats.succeeded);
  expect(paymentIds.length).toBeGreaterThanOrEqual(50);
  expect(checkChargesOnce(processor.charges()).chargedTwice).toEqual([]);

  // Every payment is now either receipted or dead-lettered (nothing is stuck in between).
  await waitFor(
    'each payment to be receipted or dead-lettered',
    () => {
      const report = checkReceipts(smtp.mailbox(), paymentIds);
      const dead = new Set(dlq!.records.map((r) => r.key));
      return report.missing.every((id) => dead.has(id));
    },
    30_000,
  );
  const settledAfterOutageMs = Date.now() - smtpBackAt;
  const firstPass = checkReceipts(smtp.mailbox(), paymentIds);
  const deadLetters = [...dlq.records];
  expect(deadLetters.length).toBeGreaterThan(0);
  expect(deadLetters.length).toBe(firstPass.missing.length);
  for (const record of deadLetters) {
    const info = decodeDeadLetterHeaders(record.headers as RawHeaders);
    expect(info).toMatchObject({
      format: 'spring-dlt',
      originalTopic: sandbox.sourceTopic,
      consumerGroup: sandbox.groupOf('receipts'),
      exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
      attempts: 3,
      stage: 'receipts',
      errorClass: 'transient',
      problems: [],
    });
    expect(info.message).toMatch(/ECONNREFUSED/);
    expect(info.offset).toMatch(/^\d+$/);
    expect(info.partition).toBeGreaterThanOrEqual(0);
    expect(info.stacktrace).toContain('SmtpUnavailable');
    expect((info.lastFailureAt ?? 0) - (info.firstFailureAt ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(record.headers.ce_id).toBeDefined();
  }
  // Payments that failed only briefly recovered through the retry tiers without any help.
  const metrics = await stageHealth(sandbox.stageHealth.get('receipts'));
  expect(metrics.retried).toBeGreaterThan(deadLetters.length * 2);

  // Redeliver the dead letters to the receipts stage only, twice (a double-click): one receipt each.
  const producer = kafka.producer();
  await producer.connect();
  for (const click of [1, 2]) {
    await producer.send({
      topic: redeliveryTopic('receipts', sandbox.sourceTopic),
      messages: deadLetters.map((r, i) => redeliveryMessage(r, `test-${click}-${i}`)),
    });
  }
  await producer.disconnect();
  const drainMs = await waitFor(
    'every payment to have a receipt',
    () => checkReceipts(smtp.mailbox(), paymentIds).missing.length === 0,
    30_000,
  );
  await waitFor(
    'the double-click to be skipped',
    async () =>
      (await stageHealth(sandbox!.stageHealth.get('receipts'))).duplicatesSkipped >= deadLetters.length,
    15_000,
  );

  const report = checkReceipts(smtp.mailbox(), paymentIds);
  expect(report).toEqual({ missing: [], duplicatedInMailbox: [], extraTransmissions: 0, unexpected: [] });
  console.log(
    `[smtp outage] payments=${paymentIds.length} dead-lettered=${deadLetters.length} retry-forwards=${metrics.retried} ` +
      `SMTP back → every payment receipted or dead-lettered in ${settledAfterOutageMs} ms (traffic ran 2 s past the outage); ` +
      `redelivery → all receipted in ${drainMs} ms`,
  );
});
