// The safeStorage vault with a stand-in safeStorage (pure logic; real files in a temporary folder).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretVault, type SafeStorageLike } from './secretVault';

/** Reversible "encryption" that still proves the blob on disk is not the plain secret; `rotated` marks blobs old. */
function standIn(
  backend: string,
  available = true,
  rotated = false,
): SafeStorageLike & { encrypted: number } {
  const self = {
    encrypted: 0,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    async encryptStringAsync(plain: string) {
      self.encrypted += 1;
      return Buffer.from(`v11${Buffer.from(plain).toString('base64').split('').reverse().join('')}`);
    },
    async decryptStringAsync(blob: Buffer) {
      const text = blob.toString();
      if (!/^v1[01]/.test(text)) throw new Error('Error while decrypting the ciphertext provided');
      const result = Buffer.from(text.slice(3).split('').reverse().join(''), 'base64').toString();
      return { result, shouldReEncrypt: rotated && text.startsWith('v10') };
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

describe('secret vault on Electron safeStorage', async () => {
  it('stores an encrypted blob per secret in userData/secrets, readable by the user only, and reads it back', async () => {
    const dir = userData();
    const vault = createSecretVault({
      safeStorage: standIn('gnome_libsecret'),
      userData: dir,
      platform: 'linux',
    });
    expect(await vault.state()).toEqual({ storing: true, backend: 'gnome_libsecret' });
    expect(await vault.put('prod/clientSecret', 'idp-s3cret')).toBe(true);
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
    expect(await next.get('prod/clientSecret')).toBe('idp-s3cret');
    expect(await next.get('prod/password')).toBeNull();
    next.remove('prod/clientSecret');
    expect(await next.get('prod/clientSecret')).toBeNull();
  });

  it('stores nothing with the basic_text backend, and says why', async () => {
    const dir = userData();
    const safeStorage = standIn('basic_text');
    const vault = createSecretVault({ safeStorage, userData: dir, platform: 'linux' });
    const state = await vault.state();
    expect(state.storing).toBe(false);
    expect(!state.storing && state.reason).toMatch(/no keyring.*basic_text.*memory for this session only/);
    expect(await vault.put('prod/password', 'pw')).toBe(false);
    expect(safeStorage.encrypted).toBe(0);
    expect(() => readdirSync(join(dir, 'secrets'))).toThrow();
  });

  it('stores nothing when encryption is unavailable, and treats a blob it cannot decrypt as none', async () => {
    const dir = userData();
    const off = createSecretVault({
      safeStorage: standIn('kwallet5', false),
      userData: dir,
      platform: 'linux',
    });
    expect(await off.state()).toMatchObject({
      storing: false,
      reason: expect.stringContaining('no encryption'),
    });
    const mac = createSecretVault({ safeStorage: standIn('unknown'), userData: dir, platform: 'darwin' });
    expect(await mac.state()).toEqual({ storing: true, backend: 'keychain' });
    await mac.put('a/password', 'pw');
    const other: SafeStorageLike = {
      ...standIn('unknown'),
      decryptStringAsync: () => Promise.reject(new Error('bad key')),
    };
    expect(
      await createSecretVault({ safeStorage: other, userData: dir, platform: 'darwin' }).get('a/password'),
    ).toBeNull();
  });

  it('writes a blob again when the keyring says its key was rotated', async () => {
    const dir = userData();
    const blobFile = () => join(dir, 'secrets', readdirSync(join(dir, 'secrets'))[0]!);
    const vault = createSecretVault({
      safeStorage: standIn('gnome_libsecret'),
      userData: dir,
      platform: 'linux',
    });
    await vault.put('prod/password', 'pw-7');
    // A blob from before the rotation (v10): read, then stored again under the new key (v11).
    const old = readFileSync(blobFile()).toString().replace(/^v11/, 'v10');
    writeFileSync(blobFile(), old);
    const rotated = standIn('gnome_libsecret', true, true);
    const after = createSecretVault({ safeStorage: rotated, userData: dir, platform: 'linux' });
    expect(await after.get('prod/password')).toBe('pw-7');
    expect(rotated.encrypted).toBe(1);
    expect(readFileSync(blobFile()).toString()).toMatch(/^v11/);
    expect(await after.get('prod/password')).toBe('pw-7');
    expect(rotated.encrypted).toBe(1);
  });

  it("uses Electron 41's synchronous API when the asynchronous one is not there", async () => {
    const dir = userData();
    const asynchronous = standIn('gnome_libsecret');
    let calls = 0;
    const synchronous: SafeStorageLike = {
      getSelectedStorageBackend: () => 'gnome_libsecret',
      isEncryptionAvailable: () => true,
      encryptString: (plain) => {
        calls += 1;
        return Buffer.from(`v10${Buffer.from(plain).toString('base64').split('').reverse().join('')}`);
      },
      decryptString: (blob) => {
        calls += 1;
        return Buffer.from(blob.toString().slice(3).split('').reverse().join(''), 'base64').toString();
      },
    };
    const vault = createSecretVault({ safeStorage: synchronous, userData: dir, platform: 'linux' });
    expect(await vault.state()).toEqual({ storing: true, backend: 'gnome_libsecret' });
    expect(await vault.put('prod/password', 'pw-41')).toBe(true);
    expect(await vault.get('prod/password')).toBe('pw-41');
    expect(calls).toBe(2);
    // A blob written by the synchronous API reads back on the asynchronous one (Electron 42 and later).
    const later = createSecretVault({ safeStorage: asynchronous, userData: dir, platform: 'linux' });
    expect(await later.get('prod/password')).toBe('pw-41');
    const none = createSecretVault({ safeStorage: {}, userData: dir, platform: 'darwin' });
    expect(await none.state()).toMatchObject({ storing: false });
  });
});
