// Invariant under a broker crash: Kafka is SIGKILLed while the receipts stage works through a backlog and
// restarted 3 s later. The stage reconnects by itself; every payment gets exactly one receipt.
// Uses its own broker (killing the shared one would break the other tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker';
import { runStage, type RunningStage } from '../runtime/runStage';
import { publishPayments, samplePayment, type PublishedPayment } from '../sandbox/paymentEvents';
import { startSmsProvider, type SmsProvider } from '../sandbox/smsProvider';
import { startSmtpSink, type SmtpSink } from '../sandbox/smtpSink';
import { receiptsStage } from '../stages/receipts';
import type { StageInstance } from '../stages/types';
import { checkReceipts } from './checker';
import { createSourceTopic, sleep, testKafka, waitFor } from './harness';

const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-broker-restart-'));
let broker: RunningBroker | undefined;
let sink: SmtpSink | undefined;
let sms: SmsProvider | undefined;
let stage: RunningStage | undefined;
let receipts: StageInstance | undefined;

afterAll(async () => {
  await stage?.stop().catch(() => {});
  await receipts?.close();
  await sink?.stop();
  await sms?.stop();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('broker SIGKILLed and restarted mid-backlog: the stage resumes, one receipt per payment', async () => {
  broker = await startBroker({ dataDir: join(dataDir, 'kafka'), heap: '512m' });
  sink = await startSmtpSink();
  sms = await startSmsProvider();
  await sink.setMode({ mode: 'slow', delayMs: 20 });
  const kafka = testKafka(broker.bootstrap);
  await createSourceTopic(kafka, 'payments.succeeded');
  receipts = receiptsStage.create({
    smtp: { host: sink.host, port: sink.port },
    smsUrl: sms.url,
    dataDir: join(dataDir, 'receipts'),
  });
  stage = await runStage({
    stage: 'receipts',
    bootstrap: broker.bootstrap,
    handler: receipts.handle,
    tiers: [{ delayMs: 200 }, { delayMs: 1000 }],
    dataDir,
    outcomeTopic: receiptsStage.outcomeTopic,
    sessionTimeoutMs: 6000,
  });

  const producer = kafka.producer();
  await producer.connect();
  const published: PublishedPayment[] = await publishPayments(
    producer,
    'payments.succeeded',
    Array.from({ length: 60 }, (_, i) => samplePayment(i)),
  );
  await producer.disconnect();
  await waitFor('the stage to be part-way through', () => sink!.mailbox().received.length >= 10, 30_000, 5);
  await broker.kill();
  const killedAt = Date.now();
  await sleep(3000);
  await broker.restart();
  const brokerBackAt = Date.now();
  const ids = published.map((p) => p.event.paymentId);
  await waitFor(
    'every payment to be receipted',
    () => checkReceipts(sink!.mailbox(), ids).missing.length === 0,
    90_000,
    200,
  );
  const report = checkReceipts(sink.mailbox(), ids);
  expect(report.duplicatedInMailbox).toEqual([]);
  expect(report.unexpected).toEqual([]);
  // Mails sent while the broker was down could not be committed; they are re-read after the restart and
  // answered from the receipts store, never sent again.
  expect(report.extraTransmissions).toBe(0);
  console.log(
    `[broker restart] 60 payments; broker killed, restarted after 3 s (back after ${brokerBackAt - killedAt} ms incl. JVM start); ` +
      `all receipted ${Date.now() - brokerBackAt} ms after the broker was back (includes the 6 s session timeout of the pre-crash member)`,
  );
});
