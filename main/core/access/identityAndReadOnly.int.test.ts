import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList } from '../../../shared/audit';
import { redeliveryHeaders } from '../../../shared/deadLetterHeaderNames';
import { partitionForKey } from '../../../shared/partitioner';
import type { RecordView } from '../../../shared/recordView';
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import { startSecureTestBroker, type SecureTestBroker } from '../../../tools/test/secureBroker';
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
const map = testPipelineMap(uniqueName('payments.identity'));
const stage = map.stages[0]!;
const paymentId = `${map.name}-pay-1`;

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
  await admin.produce([
    {
      topic: stage.dlqTopic,
      partition: partitionForKey(paymentId, 2),
      key: paymentId,
      value: JSON.stringify({ paymentId }),
      headers: [{ key: 'kafka_dlt-exception-fqcn', value: new TextEncoder().encode('SmtpError') }],
    },
  ]);
  backend = createConsoleBackend({
    who: 'support-desk',
    redelivery: { health: { samples: 2, intervalMs: 200 }, confirm: { intervalMs: 300, timeoutMs: 1000 } },
  });
  const h = backend.handlers;
  await dispatch(h, 'access.saveProfile', { profile: saslSslProfile(secure, 'operator') });
  await dispatch(h, 'access.saveProfile', {
    profile: saslSslProfile(secure, 'viewer', {
      name: 'viewer-readonly',
      readOnly: true,
      environment: 'production',
    }),
  });
  expect(await dispatch(h, 'access.connect', { name: 'operator-scram512' })).toMatchObject({
    ok: true,
    value: { state: 'connected' },
  });
  expect(await dispatch(h, 'pipeline.saveMap', { text: JSON.stringify(map) })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await backend?.dispose();
  await admin?.close();
  await secure?.stop();
});

const value = <T>(result: Awaited<ReturnType<typeof dispatch>>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
};

describe('the SASL principal is the person', () => {
  it('records User:alice (with the OS user) in the job, the provenance headers and the audit ledger', async () => {
    const h = backend.handlers;
    const started = value<RedeliveryJobStatus>(
      await dispatch(h, 'redelivery.start', {
        dlqTopic: stage.dlqTopic,
        selection: { kind: 'all' },
        why: 'identity test',
        overrideHealth: true,
        overrideReason: 'identity test: the stage is a stand-in',
        ratePerSecond: 100,
      }),
    );
    const who = 'User:alice (os user support-desk)';
    expect(started.who).toBe(who);
    let status = started;
    for (let i = 0; i < 100 && status.moved < 1; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      status = value<RedeliveryJobStatus>(await dispatch(h, 'redelivery.status', { jobId: started.jobId }));
    }
    expect(status.moved).toBe(1);
    const jobs = value<RedeliveryJobStatus[]>(await dispatch(h, 'redelivery.list', {}));
    expect(jobs.find((j) => j.jobId === started.jobId)?.who).toBe(who);

    let audit: AuditList = {
      entries: [],
      reveals: [],
      gateEvents: [],
      refusals: [],
      total: 0,
      truncated: false,
    };
    for (let i = 0; i < 50 && audit.entries.length === 0; i++) {
      audit = value<AuditList>(await dispatch(h, 'audit.list', { jobId: started.jobId }));
      if (audit.entries.length === 0) await new Promise((ok) => setTimeout(ok, 200));
    }
    const entry = audit.entries[0]!;
    expect(entry.who).toBe(who);
    const redelivered = value<RecordView>(
      await dispatch(h, 'records.get', {
        topic: entry.targetTopic,
        partition: entry.targetPartition,
        offset: entry.targetOffset!,
      }),
    );
    expect(redelivered.headers.find((x) => x.key === redeliveryHeaders.by)?.text).toBe(who);
  });
});

describe('a read-only profile', () => {
  it('is refused every write in main, with its own reason, and nothing reaches the cluster', async () => {
    const h = backend.handlers;
    const before = await admin.watermarks(stage.redeliveryTopic);
    const connected = value<{ access: { readOnly: boolean; principal: string } }>(
      await dispatch(h, 'access.connect', { name: 'viewer-readonly' }),
    );
    expect(connected.access).toMatchObject({ readOnly: true, principal: 'User:bob' });
    const start = await dispatch(h, 'redelivery.start', {
      dlqTopic: stage.dlqTopic,
      selection: { kind: 'all' },
      why: 'should be refused',
      overrideHealth: true,
    });
    expect(start).toMatchObject({ ok: false, error: { code: 'refused', reason: 'read-only' } });
    expect(!start.ok && start.error.message).toContain('"viewer-readonly" is read-only');
    const save = await dispatch(h, 'pipeline.saveMap', { text: JSON.stringify(map) });
    expect(save).toMatchObject({ ok: false, error: { code: 'refused', reason: 'read-only' } });
    // Reads still work for the viewer.
    expect(await dispatch(h, 'dlq.records', { topic: stage.dlqTopic })).toMatchObject({ ok: true });
    expect(await admin.watermarks(stage.redeliveryTopic)).toEqual(before);
  });
});
