import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isolatedPipelineMap } from '../../../shared/pipelineMap';
import { createPipelineMapStore } from './mapStore';
import { createSwitchableMapStore } from './switchableMapStore';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pipeline map per profile', () => {
  it("uses a profile's map file while it is selected and the configured map otherwise", async () => {
    dir = mkdtempSync(join(tmpdir(), 'access-map-'));
    const file = join(dir, 'east.json');
    writeFileSync(file, JSON.stringify(isolatedPipelineMap('east', [{ name: 'receipts' }])));
    const store = createSwitchableMapStore(createPipelineMapStore(null));
    expect(store.get().sourceTopic).toBe('payments.succeeded');
    await store.use(file);
    expect(store.get().sourceTopic).toBe('east.src');
    expect(store.view()).toMatchObject({ source: 'file', path: file });
    await store.use(null);
    expect(store.get().sourceTopic).toBe('payments.succeeded');
  });
});
