import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPipelineMapFile, requirePipelineMapFile, savePipelineMapFile } from './mapFile';
import { defaultPipelineMap } from '../../../shared/pipelineMap';

describe('pipeline map file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the default when the file does not exist', async () => {
    const result = await loadPipelineMapFile(join(dir, 'absent.json'));
    expect(result.ok && result.source).toBe('default');
  });

  it('round-trips a saved map', async () => {
    const path = join(dir, 'map.json');
    const map = { ...defaultPipelineMap(), name: 'custom' };
    await savePipelineMapFile(path, map);
    expect((await requirePipelineMapFile(path)).name).toBe('custom');
  });

  it('throws with every problem named', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ sourceTopic: 'x', correlationKey: { from: 'key' }, stages: [] }));
    await expect(requirePipelineMapFile(path)).rejects.toThrow('stages: expected at least one stage');
  });
});
