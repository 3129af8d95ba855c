import { describe, expect, it } from 'vitest';
import { parseFaultLine, runFaultSchedule, type FaultTargets } from './faults';

describe('parseFaultLine', () => {
  it('reads provider outages, slowness and failures', () => {
    expect(parseFaultLine('at 10s smtp down for 20s')).toEqual({
      kind: 'provider',
      atMs: 10_000,
      target: 'smtp',
      mode: { mode: 'down' },
      forMs: 20_000,
    });
    expect(parseFaultLine('at 500ms sms slow 2s')).toEqual({
      kind: 'provider',
      atMs: 500,
      target: 'sms',
      mode: { mode: 'slow', delayMs: 2000 },
    });
    expect(parseFaultLine('at 1m smtp failing 451 for 30s')).toMatchObject({
      atMs: 60_000,
      mode: { mode: 'failing', code: 451 },
      forMs: 30_000,
    });
  });
  it('reads stage kills with an optional restart', () => {
    expect(parseFaultLine('at 5s kill receipts restart after 2s')).toEqual({
      kind: 'kill',
      atMs: 5000,
      stage: 'receipts',
      signal: 'SIGKILL',
      restartAfterMs: 2000,
    });
    expect(parseFaultLine('at 5s kill cashback sigterm')).toMatchObject({ signal: 'SIGTERM' });
  });
  it('explains a line it cannot read', () => {
    expect(() => parseFaultLine('smtp down please')).toThrow(/expected e\.g\./);
    expect(() => parseFaultLine('at 1s smtp failing 200')).toThrow();
  });
});

describe('runFaultSchedule', () => {
  it('applies and heals steps in time order', async () => {
    const events: string[] = [];
    const targets: FaultTargets = {
      setProviderMode: async (target, mode) => void events.push(`${target}:${mode.mode}`),
      killStage: async (stage, signal) => void events.push(`kill:${stage}:${signal}`),
      restartStage: async (stage) => void events.push(`restart:${stage}`),
    };
    const run = runFaultSchedule(
      [
        parseFaultLine('at 10ms smtp down for 30ms'),
        parseFaultLine('at 20ms kill receipts restart after 40ms'),
      ],
      targets,
    );
    await run.done;
    expect(events).toEqual(['smtp:down', 'kill:receipts:SIGKILL', 'smtp:normal', 'restart:receipts']);
  });
});
