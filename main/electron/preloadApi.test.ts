import { describe, expect, it } from 'vitest';
import { channels, type Channel } from '../../shared/contract';
import { buildEventdeskApi } from './preloadApi';

describe('window.eventdesk (preload API)', () => {
  it('has exactly one function per contract channel, and nothing else', () => {
    const api = buildEventdeskApi(async () => ({ ok: true, value: null }));
    expect(Object.keys(api).sort()).toEqual([...channels].sort());
    for (const channel of channels) expect(typeof api[channel]).toBe('function');
    expect('invoke' in api).toBe(false);
    expect('ipcRenderer' in api).toBe(false);
  });

  it('is frozen', () => {
    const api = buildEventdeskApi(async () => ({ ok: true, value: null }));
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>)['cluster.status'] = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('sends each call on its own channel with its input', async () => {
    const sent: Array<[Channel, unknown]> = [];
    const api = buildEventdeskApi(async (channel, input) => {
      sent.push([channel, input]);
      return { ok: true, value: channel };
    });
    await expect(api['groups.describe']({ groupId: 'receipts' })).resolves.toEqual({
      ok: true,
      value: 'groups.describe',
    });
    await api['cluster.connect']({ bootstrap: 'localhost:9092' });
    expect(sent).toEqual([
      ['groups.describe', { groupId: 'receipts' }],
      ['cluster.connect', { bootstrap: 'localhost:9092' }],
    ]);
  });
});
