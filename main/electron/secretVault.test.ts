// The safeStorage vault with a stand-in safeStorage (pure logic; real files in a temporary folder).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretVault, type SafeStorageLike } from './secretVault';

/** Reversible "encryption" that still proves the blob on disk is not the plain secret. */
function standIn(backend: string, available = true): SafeStorageLike & { encrypted: number } {
  const self = {
    encrypted: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain: string) {
      self.encrypted += 1;
      return Buffer.from(`v10${Buffer.from(plain).toString('base64').split('').reverse().join('')}`);
    },
    decryptString(blob: Buffer) {
      const text = blob.toString();
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided');
      return Buffer.from(text.slice(3).split('').reverse().join(''), 'base64').toString();
    },
  };
  return self;
}

const dirs: string[] = [];
const userData = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vault-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('secret vault on Electron safeStorage', () => {
  it('stores an encrypted blob per secret in userData/secrets, readable by the user only, and reads it back', () => {
    const dir = userData();
    const vault = createSecretVault({
      safeStorage: standIn('gnome_libsecret'),
      userData: dir,
      platform: 'linux',
    });
    expect(vault.state()).toEqual({ storing: true, backend: 'gnome_libsecret' });
    expect(vault.put('prod/clientSecret', 'idp-s3cret')).toBe(true);
    const files = readdirSync(join(dir, 'secrets'));
    expect(files).toHaveLength(1);
    expect(files[0]).not.toContain('prod');
    const blob = readFileSync(join(dir, 'secrets', files[0]!));
    expect(blob.toString()).not.toContain('idp-s3cret');
    expect(statSync(join(dir, 'secrets', files[0]!)).mode & 0o777).toBe(0o600);
    // A new vault (the next session) over the same folder finds it.
    const next = createSecretVault({
      safeStorage: standIn('gnome_libsecret'),
      userData: dir,
      platform: 'linux',
    });
    expect(next.get('prod/clientSecret')).toBe('idp-s3cret');
    expect(next.get('prod/password')).toBeNull();
    next.remove('prod/clientSecret');
    expect(next.get('prod/clientSecret')).toBeNull();
  });

  it('stores nothing with the basic_text backend, and says why', () => {
    const dir = userData();
    const safeStorage = standIn('basic_text');
    const vault = createSecretVault({ safeStorage, userData: dir, platform: 'linux' });
    const state = vault.state();
    expect(state.storing).toBe(false);
    expect(!state.storing && state.reason).toMatch(/no keyring.*basic_text.*memory for this session only/);
    expect(vault.put('prod/password', 'pw')).toBe(false);
    expect(safeStorage.encrypted).toBe(0);
    expect(() => readdirSync(join(dir, 'secrets'))).toThrow();
  });

  it('stores nothing when encryption is unavailable, and treats a blob it cannot decrypt as none', () => {
    const dir = userData();
    const off = createSecretVault({
      safeStorage: standIn('kwallet5', false),
      userData: dir,
      platform: 'linux',
    });
    expect(off.state()).toMatchObject({ storing: false, reason: expect.stringContaining('no encryption') });
    const mac = createSecretVault({ safeStorage: standIn('unknown'), userData: dir, platform: 'darwin' });
    expect(mac.state()).toEqual({ storing: true, backend: 'keychain' });
    mac.put('a/password', 'pw');
    const other: SafeStorageLike = {
      ...standIn('unknown'),
      decryptString: () => {
        throw new Error('bad key');
      },
    };
    expect(
      createSecretVault({ safeStorage: other, userData: dir, platform: 'darwin' }).get('a/password'),
    ).toBeNull();
  });
});
