// Thresholds per stage: defaults for every mapped stage, set and reset, kept in the data folder across a
// restart, a broken file set aside (not lost), unknown stages and bad numbers refused with a clear message.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionAccess } from '../../../shared/access';
import { contract, type Handlers } from '../../../shared/contract';
import { defaultPipelineMap } from '../../../shared/pipelineMap';
import { DEFAULT_STAGE_THRESHOLDS } from '../../../shared/settings';
import { refuseWritesWhenReadOnly } from '../access/readOnly';
import { createSettingsHandlers } from './settingsHandlers';
import { createMemorySettingsStore, openConsoleSettings } from './settingsStore';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-settings-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const map = defaultPipelineMap();
const handlersOver = (dataDir: string | null) =>
  createSettingsHandlers({ store: openConsoleSettings(dataDir, () => 42), map: () => map });

describe('settings handlers', () => {
  it('list every mapped stage with the defaults until the person sets one', async () => {
    const view = await handlersOver(null)['settings.get']({});
    expect(view.storage).toEqual({ kind: 'memory' });
    expect(view.stages.map((s) => s.stage)).toEqual(map.stages.map((s) => s.name));
    expect(view.stages.every((s) => s.isDefault)).toBe(true);
    expect(view.stages[0]).toMatchObject(DEFAULT_STAGE_THRESHOLDS);
    expect(view.problem).toBeNull();
  });

  it('keep a stage set in the data folder across a restart, and reset it to the defaults', async () => {
    const dir = freshDir();
    const first = handlersOver(dir);
    const set = await first['settings.setStageThresholds']({
      stage: 'receipts',
      deadLetters: 3,
      stuckSlaMinutes: 45,
    });
    expect(set.storage).toEqual({ kind: 'file', file: join(dir, 'settings.json') });
    expect(set.stages.find((s) => s.stage === 'receipts')).toEqual({
      stage: 'receipts',
      deadLetters: 3,
      stuckSlaMinutes: 45,
      isDefault: false,
    });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      version: 1,
      stages: { receipts: { deadLetters: 3, stuckSlaMinutes: 45 } },
    });

    const restarted = await handlersOver(dir)['settings.get']({});
    expect(restarted.stages.find((s) => s.stage === 'receipts')).toMatchObject({
      deadLetters: 3,
      isDefault: false,
    });
    expect(restarted.stages.find((s) => s.stage === 'fraud')).toMatchObject({ isDefault: true });

    const reset = await handlersOver(dir)['settings.resetStageThresholds']({ stage: 'receipts' });
    expect(reset.stages.find((s) => s.stage === 'receipts')).toMatchObject({
      ...DEFAULT_STAGE_THRESHOLDS,
      isDefault: true,
    });
    expect((await handlersOver(dir)['settings.get']({})).stages.every((s) => s.isDefault)).toBe(true);
  });

  it('set a file that does not parse aside under another name and say so once', async () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'settings.json'), '{"version":1,"stages":{"receipts":{"deadLetters":-4}}}');
    const view = await handlersOver(dir)['settings.get']({});
    expect(view.problem).toContain('could not be used');
    expect(view.problem).toContain('stages.receipts.deadLetters');
    expect(view.stages.every((s) => s.isDefault)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.json.unreadable-42']);
    expect(readFileSync(join(dir, 'settings.json.unreadable-42'), 'utf8')).toContain('"deadLetters":-4');

    writeFileSync(join(dir, 'settings.json'), 'not json');
    expect((await handlersOver(dir)['settings.get']({})).problem).toContain('not JSON');
  });

  it('refuse a stage the map does not have, naming the ones it has; the schema refuses bad numbers', async () => {
    const handlers = handlersOver(null);
    await expect(
      handlers['settings.setStageThresholds']({ stage: 'reciepts', deadLetters: 1, stuckSlaMinutes: 5 }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('No stage "reciepts"'),
    });
    const input = contract['settings.setStageThresholds'].input;
    const bad = input.safeParse({ stage: 'receipts', deadLetters: 2.5, stuckSlaMinutes: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      'expected a whole number of dead letters',
      'expected at least 1 minute',
    ]);
  });

  it('stay writable under a read-only profile: they are this console’s, not the cluster’s', async () => {
    const store = createMemorySettingsStore();
    const own = createSettingsHandlers({ store, map: () => map });
    const readOnly: ConnectionAccess = {
      profile: 'prod-viewer',
      environment: 'production',
      readOnly: true,
      protocol: 'PLAINTEXT',
      principal: null,
    };
    const guarded = refuseWritesWhenReadOnly(own as unknown as Handlers, () => readOnly);
    await guarded['settings.setStageThresholds']({ stage: 'fraud', deadLetters: 0, stuckSlaMinutes: 5 });
    expect(store.stages().get('fraud')).toEqual({ deadLetters: 0, stuckSlaMinutes: 5 });
  });
});
