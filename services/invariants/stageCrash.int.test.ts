// Invariant under a crash: the receipts and cashback stages are SIGKILLed mid-batch and restarted.
// Nothing is lost, no customer sees a second receipt, no payment is credited twice.
import { expect, it } from 'vitest';
import { testBootstrap } from '../../tools/test/kafka';
import { publishPayments, samplePayment, type PublishedPayment } from '../sandbox/paymentEvents';
import { checkCashback, checkReceipts, readCashbackLedger } from './checker';
import { testKafka, useInvariantSandbox, waitFor } from './harness';

const env = useInvariantSandbox('crash');

it('SIGKILL of receipts and cashback mid-batch, then restart: nothing lost, no duplicate email or credit', async () => {
  const bootstrap = testBootstrap();
  const sandbox = await env.start({
    stages: ['receipts', 'cashback'],
    sessionTimeoutMs: 6000, // the dead members' partitions are reassigned after this
    paymentApi: false,
  });
  const { smtp } = sandbox;
  // Slow mail keeps the receipts stage inside a fetched batch when the kill lands.
  await smtp.setMode({ mode: 'slow', delayMs: 15 });
  const producer = testKafka(bootstrap).producer();
  await producer.connect();
  const published: PublishedPayment[] = [];
  const wave = async (from: number) => {
    published.push(
      ...(await publishPayments(
        producer,
        sandbox!.sourceTopic,
        Array.from({ length: 40 }, (_, i) => samplePayment(from + i)),
      )),
    );
  };

  await wave(0);
  await waitFor(
    'receipts to be part-way through the first wave',
    () => smtp.mailbox().received.length >= 12,
    30_000,
    5,
  );
  await wave(40); // cashback is now mid-stream too
  const receivedAtKill = smtp.mailbox().received.length;
  await Promise.all([sandbox.killStage('receipts', 'SIGKILL'), sandbox.killStage('cashback', 'SIGKILL')]);
  const cashbackAtKill = readCashbackLedger(sandbox.stageDataDir('cashback')).length;
  expect(receivedAtKill).toBeLessThan(80);
  await wave(80); // published while both stages are dead
  await producer.disconnect();

  const restartedAt = Date.now();
  await Promise.all([sandbox.restartStage('receipts'), sandbox.restartStage('cashback')]);
  const ids = published.map((p) => p.event.paymentId);
  await waitFor(
    'every payment to be receipted',
    () => checkReceipts(smtp.mailbox(), ids).missing.length === 0,
    60_000,
  );
  await waitFor(
    'every payment to be credited',
    () => checkCashback(readCashbackLedger(sandbox!.stageDataDir('cashback')), ids).missing.length === 0,
    30_000,
  );
  const recoveredMs = Date.now() - restartedAt;

  const receipts = checkReceipts(smtp.mailbox(), ids);
  expect(receipts.missing).toEqual([]);
  expect(receipts.duplicatedInMailbox).toEqual([]);
  expect(receipts.unexpected).toEqual([]);
  // Only the one mail in flight at the instant of the kill can have been transmitted twice (same Message-ID,
  // so the recipient still sees one); every other record is skipped by the processed-event store.
  expect(receipts.extraTransmissions).toBeLessThanOrEqual(1);
  const ledger = readCashbackLedger(sandbox.stageDataDir('cashback'));
  expect(checkCashback(ledger, ids)).toEqual({ missing: [], creditedTwice: [] });
  expect(ledger).toHaveLength(120);
  console.log(
    `[stage crash] 120 payments; killed with ${receivedAtKill} mails sent and ${cashbackAtKill} credits; ` +
      `restart → all receipted and credited in ${recoveredMs} ms; extra SMTP transmissions: ${receipts.extraTransmissions}`,
  );
});
