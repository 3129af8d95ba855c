// Invariant when a stage scales out: the receipts stage runs as three members of one consumer group under
// steady payment traffic, and one member is SIGKILLed mid-batch. Its partitions move to the two survivors;
// every accepted payment still gets exactly one receipt (the SMTP sink's mailbox) and is charged once.
import { AssignerProtocol, type Admin } from 'kafkajs';
import { afterAll, expect, it } from 'vitest';
import { testBootstrap } from '../../tools/test/kafka';
import { startTraffic } from '../traffic/generator';
import { checkChargesOnce, checkReceipts } from './checker';
import {
  collectTopic,
  stageHealth,
  testKafka,
  useInvariantSandbox,
  waitFor,
  type TopicCollector,
} from './harness';

const env = useInvariantSandbox('scale-out');
let admin: Admin | undefined;
let source: TopicCollector | undefined;
afterAll(async () => {
  await source?.stop();
  await admin?.disconnect();
});

interface Member {
  clientId: string;
  /** "topic/partition" of every partition assigned to the member. */
  partitions: string[];
}

/** The group as the broker sees it: its state and each member's assigned partitions. */
async function describeGroup(groupId: string): Promise<{ state: string; members: Member[] }> {
  const { groups } = await admin!.describeGroups([groupId]);
  const group = groups[0];
  if (!group) return { state: 'Dead', members: [] };
  return {
    state: group.state,
    members: group.members.map((m) => {
      const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
      return {
        clientId: m.clientId,
        partitions: Object.entries(decoded?.assignment ?? {}).flatMap(([topic, ps]) =>
          ps.map((p) => `${topic}/${p}`),
        ),
      };
    }),
  };
}

it('receipts as 3 instances of one group, one SIGKILLed under traffic: partitions move, one receipt each', async () => {
  const testStartedAt = Date.now();
  const bootstrap = testBootstrap();
  const sandbox = await env.start({
    stages: ['receipts'],
    instances: { receipts: 3 },
    sessionTimeoutMs: 6000, // the dead member's partitions are reassigned after this
  });
  const { api, smtp, processor } = sandbox;
  if (!api || !processor) throw new Error('the sandbox did not start the payment API');
  const groupId = sandbox.groupOf('receipts');
  const kafka = testKafka(bootstrap);
  admin = kafka.admin();
  await admin.connect();
  source = await collectTopic(kafka, sandbox.sourceTopic);

  // Three members, each with a share of the source topic, before any traffic.
  await waitFor(
    'three members with source partitions each',
    async () => {
      const g = await describeGroup(groupId);
      return (
        g.state === 'Stable' &&
        g.members.length === 3 &&
        g.members.every((m) => m.partitions.some((p) => p.startsWith(`${sandbox.sourceTopic}/`)))
      );
    },
    30_000,
    250,
  );
  const before = await describeGroup(groupId);

  // Slow mail keeps each instance inside a fetched batch most of the time, so the kill lands mid-batch.
  await smtp.setMode({ mode: 'slow', delayMs: 15 });
  // Bursts on top of the steady rate give each instance a backlog to be in the middle of.
  const traffic = startTraffic({
    apiUrl: api.url,
    ratePerSec: 15,
    burst: { everyMs: 2_500, size: 30 },
    durationMs: 14_000,
    customers: 50,
  });
  const health = sandbox.stageInstanceHealth.get('receipts') ?? [];
  // Every instance busy with its share of the traffic, so the victim dies with records in hand.
  await waitFor(
    'every instance to be receipting',
    async () =>
      (await Promise.all(health.map(async (url) => (await stageHealth(url)).processed))).every((n) => n > 0),
    30_000,
    100,
  );
  const victim = 1;
  const victimClientId = `eventdesk-stage-receipts-${victim + 1}`;
  const victimPartitions = before.members.find((m) => m.clientId === victimClientId)?.partitions ?? [];
  expect(victimPartitions.length).toBeGreaterThan(0);
  // Mid-batch, judged from outside: the victim's partitions hold payments not yet mailed, and the last mail
  // the sink took was one of the victim's (it is sending right now).
  const victimSource = new Set(victimPartitions);
  let inHandAtKill = 0;
  await waitFor(
    'the victim to be in the middle of a backlog',
    () => {
      const mine = new Set(
        source!.records
          .filter((r) => victimSource.has(`${sandbox.sourceTopic}/${r.partition}`))
          .map((r) => r.key),
      );
      const received = smtp.mailbox().received;
      const mailed = new Set(received.map((m) => m.paymentId));
      inHandAtKill = [...mine].filter((id) => !mailed.has(id)).length;
      const last = received[received.length - 1]?.paymentId;
      return inHandAtKill >= 3 && last !== undefined && last !== null && mine.has(last);
    },
    20_000,
    2,
  );
  const deliveredAtKill = smtp.mailbox().delivered.length;
  const acceptedAtKill = traffic.stats().succeeded;
  const killedAt = Date.now();
  await sandbox.killInstance('receipts', victim, 'SIGKILL');

  const reassignMs = await waitFor(
    "the survivors to own the dead member's partitions",
    async () => {
      const g = await describeGroup(groupId);
      const owned = new Set(g.members.flatMap((m) => m.partitions));
      return g.state === 'Stable' && g.members.length === 2 && victimPartitions.every((p) => owned.has(p));
    },
    30_000,
    250,
  );
  const after = await describeGroup(groupId);

  const stats = await traffic.finished;
  await api.relay!.drained(30_000);
  const charged = () => processor.successfulCharges().map((c) => c.reference);
  const settleMs = await waitFor(
    'every charged payment to be receipted',
    () => checkReceipts(smtp.mailbox(), charged()).missing.length === 0,
    30_000,
    200,
  );

  const ids = charged();
  const published = new Set(source.records.map((r) => r.key));
  const receipts = checkReceipts(smtp.mailbox(), ids);
  const counts = {
    accepted: stats.succeeded,
    published: ids.filter((id) => published.has(id)).length,
    charged: new Set(ids).size,
    receipted: ids.length - receipts.missing.length,
  };
  expect(acceptedAtKill).toBeLessThan(stats.succeeded); // traffic went on after the kill
  expect(counts.accepted).toBeGreaterThanOrEqual(100);
  expect(counts.accepted).toBe(counts.charged);
  expect(counts.published).toBe(counts.charged);
  expect(checkChargesOnce(processor.charges()).chargedTwice).toEqual([]);
  expect(receipts.missing).toEqual([]);
  expect(receipts.duplicatedInMailbox).toEqual([]);
  expect(receipts.unexpected).toEqual([]);
  // Only the mail in flight at the instant of the kill can be transmitted twice (same Message-ID, so the
  // recipient sees one): the shared processed-event store and receipts ledger answer everything else.
  expect(receipts.extraTransmissions).toBeLessThanOrEqual(1);
  expect(before.members).toHaveLength(3);
  expect(after.members.map((m) => m.clientId).sort()).toEqual(
    before.members
      .map((m) => m.clientId)
      .filter((c) => c !== victimClientId)
      .sort(),
  );

  console.log(
    `[scale out] receipts ×3, instance #${victim + 1} SIGKILLed with ${deliveredAtKill} receipts delivered ` +
      `and ${inHandAtKill} of its payments not yet mailed; ` +
      `accepted=${counts.accepted} published=${counts.published} charged=${counts.charged} receipted=${counts.receipted}; ` +
      `members ${before.members.length} → ${after.members.length}; its ${victimPartitions.length} partitions ` +
      `(source partitions ${victimPartitions
        .filter((p) => p.startsWith(`${sandbox.sourceTopic}/`))
        .map((p) => p.split('/')[1])
        .join(', ')}) reassigned ${reassignMs} ms after the kill; ` +
      `all receipted ${settleMs} ms after traffic ended; extra SMTP transmissions ${receipts.extraTransmissions}; ` +
      `wall ${Date.now() - testStartedAt} ms (kill at +${killedAt - testStartedAt} ms)`,
  );
}, 90_000);
