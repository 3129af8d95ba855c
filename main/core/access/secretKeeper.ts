// Where a typed secret of a saved profile is kept between runs: the operating system's keychain through an
// adapter (Electron's safeStorage, `main/electron/secretVault.ts`), or nowhere (the browser console, or a system
// whose keychain does not protect anything): then the secret lives in memory for this run and is asked for
// again next time, with the keeper's reason shown where it is asked for.

export type KeeperState = { storing: true; backend: string } | { storing: false; reason: string };

// Asynchronous, as Electron's safeStorage API is (its synchronous one is deprecated and goes in Electron 46).
export interface SecretKeeper {
  /** Whether secrets are stored, and if not, the words that say why. */
  state(): Promise<KeeperState>;
  /** Encrypts and stores the secret under `key`; false, with nothing written, when the keeper does not store. */
  put(key: string, secret: string): Promise<boolean>;
  /** The secret stored under `key`, or null (none stored, the keeper does not store, or it no longer decrypts). */
  get(key: string): Promise<string | null>;
  remove(key: string): void;
}

/** A keeper that stores nothing, for the browser console: typed secrets are kept for the run only. */
export function sessionOnlyKeeper(reason: string): SecretKeeper {
  return {
    state: async () => ({ storing: false, reason }),
    put: async () => false,
    get: async () => null,
    remove: () => undefined,
  };
}

export const BROWSER_CONSOLE_REASON =
  'the browser console keeps a typed secret in memory for this run only (name a file or an environment variable to have it read at each connect)';
