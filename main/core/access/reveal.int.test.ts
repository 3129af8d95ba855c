// Reveal against a real broker: refused without a reason, plain with one, and audited in the ledger topic
// where every console's audit log finds it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport, AuditList } from '../../../shared/audit';
import type { Channel, ChannelInput } from '../../../shared/contract';
import { REVEAL_DURATION_MS, type RevealedRecord } from '../../../shared/privacy';
import type { RecordView } from '../../../shared/recordView';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { RecordPort } from '../kafka/recordPort';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';
import { person, producePersonalRecords } from './test/personalRecords';

const map = testPipelineMap(uniqueName('reveal'));
const foreignTopic = `${map.name}.foreign`;
const folder = mkdtempSync(join(tmpdir(), 'mask-reveal-'));
const mapPath = join(folder, 'map.json');
const target = { topic: foreignTopic, partition: 0, offset: '0' };

let records: RecordPort;
const backends: ConsoleBackend[] = [];
async function openConsole(who: string): Promise<ConsoleBackend> {
  const backend = createConsoleBackend({ pipelineMapPath: mapPath, who });
  backends.push(backend);
  await dispatch(backend.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
  return backend;
}
const call = <C extends Channel>(backend: ConsoleBackend, channel: C, input: ChannelInput<C>) =>
  dispatch(backend.handlers, channel, input);
async function reveals(backend: ConsoleBackend): Promise<AuditList['reveals']> {
  const list = await call(backend, 'audit.list', {});
  if (!list.ok) throw new Error(list.error.message);
  return (list.value as AuditList).reveals;
}

beforeAll(async () => {
  records = createKafkajsRecords({ brokers: [testBootstrap()] });
  await createMapTopics(records, map, 2);
  await producePersonalRecords(records, map, foreignTopic);
  writeFileSync(mapPath, JSON.stringify(map));
});

afterAll(async () => {
  await Promise.all(backends.map((b) => b.dispose()));
  await records?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('reveal', () => {
  it('is refused without a reason, or for a record that is not there, and then nothing is audited', async () => {
    const backend = await openConsole('viewer@eventdesk');
    for (const reason of ['', '    ', 'ok']) {
      const refused = await call(backend, 'privacy.reveal', { ...target, reason });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      if (!refused.ok) expect(refused.error.message).toMatch(/Say why you need to see this personal data/);
    }
    const missing = await call(backend, 'privacy.reveal', { ...target, offset: '99', reason: 'ticket 4711' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await reveals(backend)).toEqual([]);
  });

  it('returns the plain record for five minutes and the audit log of every console shows who, why and what', async () => {
    const backend = await openConsole('agent.smith@eventdesk');
    const before = Date.now();
    const result = await call(backend, 'privacy.reveal', {
      ...target,
      reason: '  ticket 4711: customer disputes  ',
    });
    if (!result.ok) throw new Error(result.error.message);
    const { record, audit } = result.value as RevealedRecord;
    expect(record.key.text).toBe(person.email);
    expect(record.value.text).toContain(person.card);
    expect(record.maskedValues).toBeUndefined();
    expect(audit).toMatchObject({
      who: 'agent.smith@eventdesk',
      reason: 'ticket 4711: customer disputes',
      record: target,
    });
    expect(audit.at).toBeGreaterThanOrEqual(before);
    expect(audit.expiresAt - audit.at).toBe(REVEAL_DURATION_MS);

    // The reveal unmasks that answer only: the record read again is masked.
    const again = await call(backend, 'records.get', target);
    expect(again.ok && (again.value as RecordView).key.text).toBe('j•••@example.com');

    // Another console (another person) reads the same ledger topic.
    const other = await openConsole('auditor@eventdesk');
    expect(await reveals(other)).toEqual([audit]);
    expect(await reveals(other)).toHaveLength(1);
    const filtered = await call(other, 'audit.list', { who: 'nobody' });
    expect(filtered.ok && (filtered.value as AuditList).reveals).toEqual([]);
    const byStage = await call(other, 'audit.list', { stage: map.stages[0]!.name });
    expect(byStage.ok && (byStage.value as AuditList).reveals).toEqual([]);

    const csv = await call(other, 'audit.export', { format: 'csv', of: 'reveals' });
    if (!csv.ok) throw new Error(csv.error.message);
    const lines = (csv.value as AuditExport).content.trimEnd().split('\r\n');
    expect(lines).toEqual([
      'at,who,why,topic,partition,offset,shown_until,reveal_id',
      [
        new Date(audit.at).toISOString(),
        'agent.smith@eventdesk',
        'ticket 4711: customer disputes',
        foreignTopic,
        '0',
        '0',
        new Date(audit.expiresAt).toISOString(),
        audit.revealId,
      ].join(','),
    ]);
  });
});
