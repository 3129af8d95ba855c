import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList } from '../../../shared/audit';
import { partitionForKey } from '../../../shared/partitioner';
import { redeliverRefusal, worklistRefusal, type PermissionsView } from '../../../shared/permissions';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import {
  allowTopicWrite,
  denyGroupDescribe,
  startSecureTestBroker,
  type SecureTestBroker,
} from '../../../tools/test/secureBroker';
import { uniqueName } from '../../../tools/test/names';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { kafkajsSecurityConfig } from '../kafka/kafkajsSecurity';
import type { RecordPort } from '../kafka/recordPort';
import { saslSslProfile } from '../test/secureProfiles';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';

let secure: SecureTestBroker;
let backend: ConsoleBackend;
let admin: RecordPort;
// The operator may write topics under "payments." only: the whole test pipeline lives there.
const map = testPipelineMap(uniqueName('payments.permissions'));
const stage = map.stages[0]!;
const paymentId = `${map.name}-pay-1`;

const value = <T>(result: Awaited<ReturnType<typeof dispatch>>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

beforeAll(async () => {
  secure = await startSecureTestBroker();
  admin = createKafkajsRecords({
    brokers: [secure.saslSsl],
    config: kafkajsSecurityConfig({
      tls: { ca: readFileSync(secure.certs.caFile, 'utf8'), verifyHostname: true },
      sasl: { mechanism: 'SCRAM-SHA-512', ...secure.users.admin },
    }),
  });
  await createMapTopics(admin, map, 2);
  await admin.ensureTopic(`${map.name}.worklist`, { partitions: 1, compacted: true });
  await admin.produce([
    {
      topic: stage.dlqTopic,
      partition: partitionForKey(paymentId, 2),
      key: paymentId,
      value: JSON.stringify({ paymentId }),
      headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
    },
  ]);
  // The viewer may write this test's ledger (only): so a forced redelivery gets as far as the redelivery topic.
  await allowTopicWrite(secure, secure.users.viewer.username, map.ledgerTopic);
  backend = createConsoleBackend({
    who: 'support-desk',
    redelivery: { health: { samples: 2, intervalMs: 200 }, confirm: { intervalMs: 300, timeoutMs: 1000 } },
  });
  const h = backend.handlers;
  await dispatch(h, 'access.saveProfile', { profile: saslSslProfile(secure, 'operator') });
  await dispatch(h, 'access.saveProfile', { profile: saslSslProfile(secure, 'viewer') });
  await dispatch(h, 'access.saveProfile', {
    profile: saslSslProfile(secure, 'operator', { name: 'prod-east', environment: 'production' }),
  });
  value(await dispatch(h, 'access.connect', { name: 'operator-scram512' }));
  value(await dispatch(h, 'pipeline.saveMap', { text: JSON.stringify(map) }));
}, 120_000);

afterAll(async () => {
  await backend?.dispose();
  await admin?.close();
  await secure?.stop();
});

async function permissionsOf(profile: string): Promise<PermissionsView> {
  value(await dispatch(backend.handlers, 'access.connect', { name: profile }));
  return value<PermissionsView>(await dispatch(backend.handlers, 'access.permissions', {}));
}

const topicOps = (view: PermissionsView, name: string) =>
  view.topics.find((t) => t.name === name)?.operations;

describe('what the broker says the principal may do (KIP-430)', () => {
  it('alice (operator) may write the redelivery, ledger and worklist topics', async () => {
    const view = await permissionsOf('operator-scram512');
    expect(view).toMatchObject({ principal: 'User:alice', supported: true });
    expect(topicOps(view, stage.redeliveryTopic)).toEqual(
      expect.arrayContaining(['READ', 'WRITE', 'DESCRIBE']),
    );
    expect(topicOps(view, map.ledgerTopic)).toContain('WRITE');
    expect(redeliverRefusal(view, stage.redeliveryTopic)).toBeNull();
    expect(worklistRefusal(view)).toBeNull();
    expect(view.groups.find((g) => g.name === stage.consumerGroup)?.operations).toEqual(
      expect.arrayContaining(['READ', 'DESCRIBE']),
    );
  }, 30_000);

  it('bob (viewer) may read and describe the redelivery topic, not write it; the reason names the topic', async () => {
    const view = await permissionsOf('viewer-scram512');
    expect(view).toMatchObject({ principal: 'User:bob', supported: true });
    const ops = topicOps(view, stage.redeliveryTopic);
    expect(ops).toEqual(expect.arrayContaining(['READ', 'DESCRIBE']));
    expect(ops).not.toContain('WRITE');
    expect(redeliverRefusal(view, stage.redeliveryTopic)).toBe(
      `you may not write to \`${stage.redeliveryTopic}\` (needs WRITE on that topic)`,
    );
    // Granted to bob by this test only, literally.
    expect(topicOps(view, map.ledgerTopic)).toContain('WRITE');
    expect(worklistRefusal(view)).toBe(
      `you may not write to \`${map.name}.worklist\` (needs WRITE on that topic)`,
    );
    const group = view.groups.find((g) => g.name === stage.consumerGroup);
    expect(group?.operations).toEqual(['DESCRIBE']);
  }, 30_000);
});

describe('when the broker refuses anyway', () => {
  it('names the consumer group bob may not describe (GROUP_AUTHORIZATION_FAILED)', async () => {
    const denied = `${map.name}.denied-group`;
    await denyGroupDescribe(secure, secure.users.viewer.username, denied);
    value(await dispatch(backend.handlers, 'access.connect', { name: 'viewer-scram512' }));
    // ACLs reach the broker's authorizer through the metadata log: asked until the DENY is in force.
    let result = await dispatch(backend.handlers, 'groups.describe', { groupId: denied });
    for (let i = 0; i < 20 && !(!result.ok && result.error.code === 'refused'); i++) {
      await new Promise((ok) => setTimeout(ok, 250));
      result = await dispatch(backend.handlers, 'groups.describe', { groupId: denied });
    }
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'refused',
        reason: 'not-authorized',
        message: `The broker refused: User:bob may not describe the consumer group \`${denied}\` (GROUP_AUTHORIZATION_FAILED; needs DESCRIBE on that group).`,
      },
    });
  }, 30_000);

  it("stops bob's forced redelivery with the named refusal, writes nothing to the target, audits it, frees the claims", async () => {
    const h = backend.handlers;
    value(await dispatch(h, 'access.connect', { name: 'viewer-scram512' }));
    const before = await admin.watermarks(stage.redeliveryTopic);
    const started = value<RedeliveryJobStatus>(
      await dispatch(h, 'redelivery.start', {
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'all' },
        why: 'forced by a viewer',
        // The dead letter is fresh, so the gate calls the stage still failing: overridden with a reason.
        overrideHealth: true,
        overrideReason: 'the test forces a fresh dead letter',
        ratePerSecond: 100,
      }),
    );
    let status = started;
    for (let i = 0; i < 100 && (status.state === 'running' || status.state === 'confirming'); i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      status = value<RedeliveryJobStatus>(await dispatch(h, 'redelivery.status', { jobId: started.jobId }));
    }
    expect(status.state).toBe('failed');
    expect(status.errorReason).toBe('not-authorized');
    expect(status.error).toContain(
      `The broker refused: User:bob (os user support-desk) may not write to \`${stage.redeliveryTopic}\` (TOPIC_AUTHORIZATION_FAILED; needs WRITE on that topic)`,
    );
    expect(status.moved).toBe(0);
    expect(await admin.watermarks(stage.redeliveryTopic)).toEqual(before);

    let audit: AuditList | undefined;
    for (let i = 0; i < 50 && !audit?.refusals.length; i++) {
      audit = value<AuditList>(await dispatch(h, 'audit.list', { jobId: started.jobId }));
      if (!audit.refusals.length) await new Promise((ok) => setTimeout(ok, 200));
    }
    expect(audit?.refusals).toEqual([
      expect.objectContaining({
        jobId: started.jobId,
        who: 'User:bob (os user support-desk)',
        brokerError: 'TOPIC_AUTHORIZATION_FAILED',
        action: `write to \`${stage.redeliveryTopic}\``,
        recordedIn: 'ledger',
      }),
    ]);
    expect(audit?.entries).toEqual([]);

    // The claims were given back: alice redelivers the same record at once, not after a lease.
    value(await dispatch(h, 'access.connect', { name: 'operator-scram512' }));
    const retry = value<RedeliveryJobStatus>(
      await dispatch(h, 'redelivery.start', {
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'all' },
        why: 'operator redelivers',
        // The dead letter is fresh, so the gate calls the stage still failing: overridden with a reason.
        overrideHealth: true,
        overrideReason: 'the test forces a fresh dead letter',
        ratePerSecond: 100,
      }),
    );
    let moved = retry;
    for (let i = 0; i < 50 && moved.moved < 1; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      moved = value<RedeliveryJobStatus>(await dispatch(h, 'redelivery.status', { jobId: retry.jobId }));
    }
    expect(moved.moved).toBe(1);
  }, 60_000);
});

describe('a production profile', () => {
  it('refuses a redelivery start and resume in main without the cluster name or with a wrong one', async () => {
    const h = backend.handlers;
    value(await dispatch(h, 'access.connect', { name: 'prod-east' }));
    const before = await admin.watermarks(stage.redeliveryTopic);
    const request = {
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'all' as const },
      why: 'production check',
      overrideHealth: true,
      overrideReason: 'the test forces a fresh dead letter',
    };
    const missing = await dispatch(h, 'redelivery.start', request);
    expect(missing).toMatchObject({ ok: false, error: { code: 'refused', reason: 'cluster-name-required' } });
    expect(!missing.ok && missing.error.message).toContain('"prod-east" is a production cluster');
    const wrong = await dispatch(h, 'redelivery.start', { ...request, confirmCluster: 'prod-west' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'refused', reason: 'cluster-name-required' } });
    expect(!wrong.ok && wrong.error.message).toContain('"prod-west" is not this cluster\'s name');
    const resume = await dispatch(h, 'redelivery.resume', { jobId: 'any-job' });
    expect(resume).toMatchObject({ ok: false, error: { code: 'refused', reason: 'cluster-name-required' } });
    expect(await admin.watermarks(stage.redeliveryTopic)).toEqual(before);

    // The right name passes the check (the job finds nothing left to move: alice moved it above).
    const right = await dispatch(h, 'redelivery.start', { ...request, confirmCluster: 'prod-east' });
    expect(right).toMatchObject({ ok: true });
    const resumed = await dispatch(h, 'redelivery.resume', {
      jobId: 'no-such-job',
      confirmCluster: 'prod-east',
    });
    expect(resumed).toMatchObject({ ok: false, error: { code: 'not_found' } });
  }, 60_000);
});
