import { describe, expect, it } from 'vitest';
import { bridgeSocketUrl, takeBridgeToken, TOKEN_STORAGE_KEY } from './bridgeToken';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('bridge token', () => {
  it('takes the token from the URL, keeps it for the tab and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeBridgeToken({
      href: 'http://127.0.0.1:4000/?token=abc123&e2e=1#/topics',
      storage,
      replaceUrl: (url) => replaced.push(url),
    });
    expect(token).toBe('abc123');
    expect(storage.items.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(replaced).toEqual(['/?e2e=1#/topics']);
  });

  it('falls back to the stored token after a reload without it', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    const replaced: string[] = [];
    expect(
      takeBridgeToken({
        href: 'http://127.0.0.1:4000/#/groups',
        storage,
        replaceUrl: (u) => replaced.push(u),
      }),
    ).toBe('kept');
    expect(replaced).toEqual([]);
  });

  it('returns null when there is no token anywhere', () => {
    expect(
      takeBridgeToken({ href: 'http://127.0.0.1:4000/', storage: memoryStorage(), replaceUrl: () => {} }),
    ).toBeNull();
  });

  it('builds the socket URL on the page host, ws or wss to match the page', () => {
    expect(bridgeSocketUrl('http://127.0.0.1:4000/x?y=1', 'a b')).toBe('ws://127.0.0.1:4000/rpc?token=a%20b');
    expect(bridgeSocketUrl('https://console.local/', 't')).toBe('wss://console.local/rpc?token=t');
  });
});
