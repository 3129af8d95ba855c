import { describe, expect, it } from 'vitest';
import type { ConnectionAccess } from '../../../shared/access';
import { channels, isWriteChannel, type Handlers } from '../../../shared/contract';
import { dispatch } from '../dispatch';
import { isRefusedWhenReadOnly, refuseWritesWhenReadOnly } from './readOnly';

const access = (readOnly: boolean): ConnectionAccess => ({
  profile: 'prod-viewer',
  environment: 'production',
  readOnly,
  protocol: 'SASL_SSL',
  mechanism: 'SCRAM-SHA-512',
  principal: 'User:bob',
});

/** Every channel answers "served" and counts its calls. */
function countingHandlers() {
  const calls: string[] = [];
  const table = Object.fromEntries(
    channels.map((c) => [
      c,
      async () => {
        calls.push(c);
        return 'served';
      },
    ]),
  ) as unknown as Handlers;
  return { table, calls };
}

describe('read-only profiles', () => {
  it('refuse every writing channel except switching the connection or editing profiles', () => {
    const refused = channels.filter(isRefusedWhenReadOnly);
    expect(refused).toContain('redelivery.start');
    expect(refused).toContain('pipeline.saveMap');
    expect(refused).not.toContain('access.connect');
    expect(refused).not.toContain('cluster.connect');
    // The console's own settings are local, not cluster writes: a read-only person still sets thresholds.
    expect(isWriteChannel('settings.setStageThresholds')).toBe(true);
    expect(refused).not.toContain('settings.setStageThresholds');
    expect(refused).not.toContain('settings.resetStageThresholds');
    expect(refused.every(isWriteChannel)).toBe(true);
  });

  it('refuse in main, before the handler runs, with reason read-only; reads and writable profiles pass', async () => {
    let current = access(true);
    const { table, calls } = countingHandlers();
    const guarded = refuseWritesWhenReadOnly(table, () => current);
    const start = await guarded['redelivery.cancel']({ jobId: 'j1' }).catch((e: unknown) => e);
    expect(start).toMatchObject({ code: 'refused', reason: 'read-only' });
    expect(String((start as Error).message)).toContain('"prod-viewer" is read-only');
    const viaDispatch = await dispatch(guarded, 'redelivery.resume', { jobId: 'j1' });
    expect(viaDispatch).toMatchObject({ ok: false, error: { code: 'refused', reason: 'read-only' } });
    expect(calls).toEqual([]);
    expect(await guarded['redelivery.list']({})).toBe('served');
    expect(await guarded['access.connect']({ name: 'other' })).toBe('served');
    current = access(false);
    expect(await guarded['redelivery.cancel']({ jobId: 'j1' })).toBe('served');
    expect(calls).toEqual(['redelivery.list', 'access.connect', 'redelivery.cancel']);
  });
});
