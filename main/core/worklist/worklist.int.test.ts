// The shared worklist against a real broker: two consoles (two backends, two people) change the same item
// at once; the log order decides, and both consoles show the same winner.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorklistSubject } from '../../../shared/worklist';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { testPipelineMap } from '../test/testPipeline';

describe('the shared worklist', () => {
  const prefix = uniqueName('worklist');
  const map = testPipelineMap(prefix);
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-worklist-'));
  const mapPath = join(dir, 'map.json');
  const group: WorklistSubject = {
    kind: 'error-group',
    dlqTopic: map.stages[0]!.dlqTopic,
    fingerprint: 'smtp-421',
    label: 'SMTP 421 service not available',
  };
  let ana: ConsoleBackend;
  let ben: ConsoleBackend;

  beforeAll(async () => {
    writeFileSync(mapPath, JSON.stringify(map));
    ana = createConsoleBackend({ bootstrap: [testBootstrap()], pipelineMapPath: mapPath, who: 'ana' });
    ben = createConsoleBackend({ bootstrap: [testBootstrap()], pipelineMapPath: mapPath, who: 'ben' });
    await dispatch(ana.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
    await dispatch(ben.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
  });
  afterAll(async () => {
    await ana?.dispose();
    await ben?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two people assigning the same error group at once: one wins, and both consoles show the winner', async () => {
    // Both saw the item before anyone touched it (basedOn null), and both write at the same moment.
    const [a, b] = await Promise.all([
      ana.handlers['worklist.update']({
        subject: group,
        action: { type: 'assign', assignee: 'ana' },
        basedOn: null,
      }),
      ben.handlers['worklist.update']({
        subject: group,
        action: { type: 'assign', assignee: 'ben' },
        basedOn: null,
      }),
    ]);
    const outcomes = [a.outcome, b.outcome].sort();
    expect(outcomes).toEqual(['applied', 'conflict']);
    const winner = a.outcome === 'applied' ? 'ana' : 'ben';
    const loser = a.outcome === 'applied' ? b : a;
    expect(loser.winner).toMatchObject({ who: winner, action: { type: 'assign', assignee: winner } });
    expect(loser.item.assignee).toBe(winner);

    const [seenByAna, seenByBen] = await Promise.all([
      ana.handlers['worklist.list']({ kind: 'error-group' }),
      ben.handlers['worklist.list']({ kind: 'error-group' }),
    ]);
    const itemAna = seenByAna.items.find((i) => i.key === `error-group/${group.dlqTopic}/smtp-421`);
    const itemBen = seenByBen.items.find((i) => i.key === itemAna?.key);
    expect(itemAna?.assignee).toBe(winner);
    expect(itemBen).toEqual(itemAna);
    expect(itemAna?.history).toHaveLength(1);
  });

  it('notes, snooze and resolve made in one console show in the other, and filters follow', async () => {
    const current = (await ben.handlers['worklist.list']({})).items.find(
      (i) => i.subject.kind === 'error-group',
    )!;
    await ben.handlers['worklist.update']({
      subject: group,
      action: { type: 'note', text: 'SMTP provider says 30 min' },
      basedOn: null,
    });
    const snoozed = await ben.handlers['worklist.update']({
      subject: group,
      action: { type: 'snooze', until: Date.now() + 60 * 60_000 },
      basedOn: current.version,
    });
    expect(snoozed.outcome).toBe('applied');

    const snoozedForAna = await ana.handlers['worklist.list']({ state: 'snoozed' });
    expect(snoozedForAna.items.map((i) => i.key)).toEqual([current.key]);
    expect(snoozedForAna.items[0]!.notes).toEqual([
      expect.objectContaining({ who: 'ben', text: 'SMTP provider says 30 min' }),
    ]);
    expect((await ana.handlers['worklist.list']({ state: 'open' })).items).toEqual([]);

    // Ana resolves it based on an old version: refused, and nothing changes.
    const stale = await ana.handlers['worklist.update']({
      subject: group,
      action: { type: 'resolve', reason: 'fixed' },
      basedOn: current.version,
    });
    expect(stale.outcome).toBe('conflict');
    expect(stale.winner).toMatchObject({ who: 'ben', action: { type: 'snooze' } });
    const resolved = await ana.handlers['worklist.update']({
      subject: group,
      action: { type: 'resolve', reason: 'SMTP back, group redelivered' },
      basedOn: stale.item.version,
    });
    expect(resolved.item).toMatchObject({ state: 'resolved', resolution: { who: 'ana' } });
    const forBen = await ben.handlers['worklist.list']({ state: 'resolved' });
    expect(forBen.items.map((i) => i.resolution?.reason)).toEqual(['SMTP back, group redelivered']);
  });

  it('a payment item, filtered by assignee and unassigned', async () => {
    const payment: WorklistSubject = { kind: 'payment', paymentId: `${prefix}-pay-7` };
    await ana.handlers['worklist.update']({
      subject: payment,
      action: { type: 'note', text: 'no receipt' },
      basedOn: null,
    });
    expect((await ben.handlers['worklist.list']({ assignee: '' })).items.map((i) => i.key)).toEqual([
      `payment/${prefix}-pay-7`,
    ]);
    await ben.handlers['worklist.update']({
      subject: payment,
      action: { type: 'assign', assignee: 'ben' },
      basedOn: null,
    });
    const list = await ana.handlers['worklist.list']({ assignee: 'ben', kind: 'payment' });
    expect(list.items.map((i) => i.key)).toEqual([`payment/${prefix}-pay-7`]);
    expect(list.assignees).toContain('ben');
    expect(list.you).toBe('ana');
  });

  it('a record in the worklist topic that is not an entry is ignored, and the list still answers', async () => {
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await records.produce([
      { topic: `${prefix}.worklist`, partition: 0, key: 'x', value: '{"type":"worklist","who":1}' },
    ]);
    await records.close();
    const list = await ana.handlers['worklist.list']({});
    expect(list.items).toHaveLength(2);
  });

  it('refuses a snooze that ends in the past, with the reason', async () => {
    const result = await dispatch(ana.handlers, 'worklist.update', {
      subject: group,
      action: { type: 'snooze', until: 1 },
      basedOn: null,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'A snooze must end in the future.' },
    });
  });
});
