// Secrets kept by the operating system for the Electron console: Electron's safeStorage encrypts each one
// (Keychain on macOS, DPAPI on Windows, the desktop keyring on Linux) and the encrypted blob is written to
// `<userData>/secrets/`, one file per secret, readable by the user only. safeStorage's asynchronous API
// (isAsyncEncryptionAvailable, encryptStringAsync, decryptStringAsync: Electron 42 and later) is used when the
// running Electron has it, and a blob the keyring asks to re-encrypt (a rotated key) is written again; the
// Electron this app ships (41; 42 needs Node 22 to install) has only the synchronous API, used then. When
// safeStorage would only obfuscate (Linux without a keyring selects `basic_text`) or cannot encrypt at all,
// nothing is stored: the vault says why, and the console keeps the secret in memory for the session and asks
// for it again next time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeeperState, SecretKeeper } from '../core/access/secretKeeper';

/** The part of Electron's safeStorage the vault uses (a stand-in in tests): one API or the other. */
export interface SafeStorageLike {
  isEncryptionAvailable?(): boolean;
  encryptString?(plainText: string): Buffer;
  decryptString?(encrypted: Buffer): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only in Electron: which password store safeStorage picked. */
  getSelectedStorageBackend?(): string;
}

/** The three calls the vault makes, on the asynchronous API where there is one. */
interface Encryptor {
  available(): Promise<boolean>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

function encryptorOf(s: SafeStorageLike): Encryptor {
  if (s.isAsyncEncryptionAvailable && s.encryptStringAsync && s.decryptStringAsync) {
    const { isAsyncEncryptionAvailable, encryptStringAsync, decryptStringAsync } = s;
    return {
      available: () => isAsyncEncryptionAvailable.call(s),
      encrypt: (text) => encryptStringAsync.call(s, text),
      decrypt: (blob) => decryptStringAsync.call(s, blob),
    };
  }
  const { isEncryptionAvailable, encryptString, decryptString } = s;
  if (!isEncryptionAvailable || !encryptString || !decryptString)
    return { available: async () => false, encrypt: unavailable, decrypt: unavailable };
  return {
    available: async () => isEncryptionAvailable.call(s),
    encrypt: async (text) => encryptString.call(s, text),
    decrypt: async (blob) => ({ result: decryptString.call(s, blob), shouldReEncrypt: false }),
  };
}
const unavailable = (): Promise<never> => Promise.reject(new Error('safeStorage has no encryption API'));

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
  const encryptor = encryptorOf(safeStorage);
  const platform = options.platform ?? process.platform;
  const dir = join(options.userData, 'secrets');

  const state = async (): Promise<VaultState> => {
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text') return { storing: false, reason: noKeyring };
      if (!(await encryptor.available())) return { storing: false, reason: noEncryption };
      return { storing: true, backend };
    }
    if (!(await encryptor.available())) return { storing: false, reason: noEncryption };
    return { storing: true, backend: platform === 'darwin' ? 'keychain' : 'dpapi' };
  };
  const write = (key: string, blob: Buffer) => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(fileOf(dir, key), blob, { mode: 0o600 });
  };

  return {
    state,
    async put(key, secret) {
      if (!(await state()).storing) return false;
      write(key, await encryptor.encrypt(secret));
      return true;
    },
    async get(key) {
      if (!(await state()).storing) return null;
      let blob: Buffer;
      try {
        blob = readFileSync(fileOf(dir, key));
      } catch {
        return null;
      }
      try {
        const { result, shouldReEncrypt } = await encryptor.decrypt(blob);
        if (shouldReEncrypt) write(key, await encryptor.encrypt(result));
        return result;
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
