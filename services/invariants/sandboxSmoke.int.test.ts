// The whole sandbox: five stage processes, the payment API, the card processor and open-loop traffic, with an
// SMTP brownout (451 deferrals) from the fault schedule. Every charged payment reaches every stage exactly once, and a
// SIGTERM leaves each group's committed offsets at the log end (checked with Kafka's own consumer-groups tool).
import { expect, it } from 'vitest';
import { runKafkaTool } from '../../tools/kafka/broker';
import { testBootstrap } from '../../tools/test/kafka';
import { DEFAULT_STAGE_PARTITIONS } from '../runtime/topology';
import { parseFaultLine } from '../sandbox/faults';
import { checkCashback, checkChargesOnce, checkReceipts, readCashbackLedger } from './checker';
import { readTopic, stageHealth, testKafka, useInvariantSandbox, waitFor } from './harness';

const env = useInvariantSandbox('smoke');

/** Rows of `kafka-consumer-groups --describe` for several groups (one JVM start): group, topic, partition, offsets. */
async function describeGroups(
  groupIds: string[],
): Promise<Array<{ group: string; topic: string; partition: number; current: string; logEnd: string }>> {
  const out = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
    '--bootstrap-server',
    testBootstrap(),
    '--describe',
    ...groupIds.flatMap((g) => ['--group', g]),
  ]);
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => groupIds.includes(cols[0] ?? '') && /^\d+$/.test(cols[2] ?? ''))
    .map((cols) => ({
      group: cols[0] ?? '',
      topic: cols[1] ?? '',
      partition: Number(cols[2]),
      current: cols[3] ?? '',
      logEnd: cols[4] ?? '',
    }));
}

it('all five stages process every charged payment once, through an SMTP brownout, and stop cleanly', async () => {
  const bootstrap = testBootstrap();
  const sandbox = await env.start({
    tierDelaysMs: [200, 2000], // the second retry is due after the 1 s deferral ends
    traffic: { ratePerSec: 8, durationMs: 4000 },
    faults: [parseFaultLine('at 1s smtp failing 451 for 1s')],
  });
  const { traffic, processor, smtp, sms } = sandbox;
  if (!traffic || !processor) throw new Error('the sandbox did not start traffic and the processor');
  await traffic.finished;
  await sandbox.faults?.done;
  const ids = processor.successfulCharges().map((c) => c.reference);
  expect(ids.length).toBeGreaterThanOrEqual(25);
  expect(checkChargesOnce(processor.charges()).chargedTwice).toEqual([]);

  await waitFor(
    'every stage to finish every payment',
    async () => {
      for (const stage of sandbox!.stages.keys()) {
        const m = await stageHealth(sandbox!.stageHealth.get(stage));
        if (m.processed < ids.length || Object.keys(m.waiting).length > 0) return false;
      }
      return true;
    },
    30_000,
    250,
  );
  expect(checkReceipts(smtp.mailbox(), ids)).toEqual({
    missing: [],
    duplicatedInMailbox: [],
    extraTransmissions: 0,
    unexpected: [],
  });
  expect(checkCashback(readCashbackLedger(sandbox.stageDataDir('cashback')), ids)).toEqual({
    missing: [],
    creditedTwice: [],
  });
  // Only payments with a phone number get a text: read which those are from the events themselves.
  const events = await readTopic(testKafka(bootstrap), sandbox.sourceTopic, ids.length);
  const withPhone = events
    .map((e) => JSON.parse(e.value?.toString('utf8') ?? '{}') as { paymentId?: string; phone?: string })
    .filter((e) => e.phone)
    .map((e) => e.paymentId);
  const texts = sms.received();
  expect(texts.map((t) => t.paymentId).sort()).toEqual(withPhone.sort());
  const receipts = await stageHealth(sandbox.stageHealth.get('receipts'));
  expect(receipts.retried).toBeGreaterThan(0); // the 451 brownout was felt and absorbed by the retry tiers
  expect(receipts.deadLettered).toBe(0);

  // Graceful stop: every group has committed up to the log end of the source topic.
  await Promise.all([...sandbox.stages.keys()].map((stage) => sandbox!.killStage(stage, 'SIGTERM')));
  const exitCodes = await Promise.all([...sandbox.stages.values()].map((p) => p.exited));
  expect(exitCodes.every((code) => code === 0)).toBe(true);
  const groups = [...sandbox.stages.keys()].map((stage) => sandbox!.groupOf(stage));
  const rows = (await describeGroups(groups)).filter((r) => r.topic === sandbox!.sourceTopic);
  expect(rows).toHaveLength(groups.length * DEFAULT_STAGE_PARTITIONS); // the sandbox's source partitions
  for (const row of rows) expect(row.current, `${row.group} ${row.topic}/${row.partition}`).toBe(row.logEnd);
});
