// Invariant under duplicate delivery: the same ce_id delivered again — by the outbox relay (source topic) or
// by a console redelivery (the stage's redelivery topic) — is a no-op: no second email, no second credit.
import { expect, it } from 'vitest';
import { redeliveryTopic } from '../../shared/referencePipeline';
import { testBootstrap } from '../../tools/test/kafka';
import { paymentMessage, publishPayments, samplePayment } from '../sandbox/paymentEvents';
import { checkCashback, checkReceipts, readCashbackLedger } from './checker';
import { stageHealth, testKafka, useInvariantSandbox, waitFor } from './harness';

const env = useInvariantSandbox('dupes');

it('a duplicate delivery of the same ce_id is a no-op for receipts and cashback', async () => {
  const bootstrap = testBootstrap();
  const sandbox = await env.start({
    stages: ['receipts', 'cashback'],
    paymentApi: false,
  });
  const { smtp } = sandbox;
  const producer = testKafka(bootstrap).producer();
  await producer.connect();
  const published = await publishPayments(
    producer,
    sandbox.sourceTopic,
    Array.from({ length: 10 }, (_, i) => samplePayment(i)),
  );
  const ids = published.map((p) => p.event.paymentId);
  const ledger = () => readCashbackLedger(sandbox!.stageDataDir('cashback'));
  await waitFor(
    'first delivery',
    () => checkReceipts(smtp.mailbox(), ids).missing.length === 0 && ledger().length === 10,
    30_000,
  );

  const again = published.map((p) => paymentMessage(p.event, p.ceId, p.correlationId));
  await producer.send({ topic: sandbox.sourceTopic, messages: again }); // e.g. the relay re-sent after a crash
  for (const stage of ['receipts', 'cashback']) {
    await producer.send({ topic: redeliveryTopic(stage, sandbox.sourceTopic), messages: again }); // a console redelivery
  }
  await producer.disconnect();
  for (const stage of ['receipts', 'cashback']) {
    // Each stage sees every event twice more: once on the source topic, once on its own redelivery topic.
    await waitFor(
      `${stage} to skip 20 duplicates`,
      async () => (await stageHealth(sandbox!.stageHealth.get(stage))).duplicatesSkipped === 20,
      20_000,
    );
    expect(await stageHealth(sandbox.stageHealth.get(stage))).toMatchObject({
      processed: 10,
      retried: 0,
      deadLettered: 0,
    });
  }
  expect(checkReceipts(smtp.mailbox(), ids)).toEqual({
    missing: [],
    duplicatedInMailbox: [],
    extraTransmissions: 0,
    unexpected: [],
  });
  expect(checkCashback(ledger(), ids)).toEqual({ missing: [], creditedTwice: [] });
  expect(ledger()).toHaveLength(10);
});
