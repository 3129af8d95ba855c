// Secrets kept by the operating system for the Electron console: Electron's safeStorage encrypts each one
// (Keychain on macOS, DPAPI on Windows, the desktop keyring on Linux) and the encrypted blob is written to
// `<userData>/secrets/`, one file per secret, readable by the user only. This Electron (41) has only the
// synchronous safeStorage API (no encryptStringAsync), so that is what is used. When safeStorage would only
// obfuscate (Linux without a keyring selects `basic_text`) or cannot encrypt at all, nothing is stored: the
// vault says why, and the console keeps the secret in memory for the session and asks for it again next time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeeperState, SecretKeeper } from '../core/access/secretKeeper';

/** The part of Electron's safeStorage the vault uses (a stand-in in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron: which password store safeStorage picked. */
  getSelectedStorageBackend?(): string;
}

export type VaultState = KeeperState;

/** The console's secret keeper in Electron (the port is `main/core/access/secretKeeper.ts`). */
export type SecretVault = SecretKeeper;

export interface SecretVaultOptions {
  safeStorage: SafeStorageLike;
  /** The app's userData folder; blobs go to its `secrets/` folder. */
  userData: string;
  platform?: NodeJS.Platform;
}

const noKeyring =
  'this system has no keyring for Eventdesk to use (Electron safeStorage selected "basic_text", which does not protect a secret), so the secret is kept in memory for this session only and asked for again next time';
const noEncryption =
  'the operating system offers no encryption to Eventdesk right now (Electron safeStorage is unavailable), so the secret is kept in memory for this session only and asked for again next time';

/** One file per secret; the key (profile and field) is hashed so no profile name becomes a path. */
const fileOf = (dir: string, key: string) =>
  join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.secret`);

export function createSecretVault(options: SecretVaultOptions): SecretVault {
  const { safeStorage } = options;
  const platform = options.platform ?? process.platform;
  const dir = join(options.userData, 'secrets');

  const state = (): VaultState => {
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text') return { storing: false, reason: noKeyring };
      if (!safeStorage.isEncryptionAvailable()) return { storing: false, reason: noEncryption };
      return { storing: true, backend };
    }
    if (!safeStorage.isEncryptionAvailable()) return { storing: false, reason: noEncryption };
    return { storing: true, backend: platform === 'darwin' ? 'keychain' : 'dpapi' };
  };

  return {
    state,
    put(key, secret) {
      if (!state().storing) return false;
      const blob = safeStorage.encryptString(secret);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(fileOf(dir, key), blob, { mode: 0o600 });
      return true;
    },
    get(key) {
      if (!state().storing) return null;
      let blob: Buffer;
      try {
        blob = readFileSync(fileOf(dir, key));
      } catch {
        return null;
      }
      try {
        return safeStorage.decryptString(blob);
      } catch {
        // Encrypted under another user or keyring: as good as none; the console asks for it again.
        return null;
      }
    },
    remove(key) {
      rmSync(fileOf(dir, key), { force: true });
    },
  };
}
