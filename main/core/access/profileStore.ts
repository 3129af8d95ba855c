// Connection profiles held by main. A secret given as a value stays in this process's memory and, when a secret
// keeper stores (the OS keychain), is also kept there encrypted for the next run; a secret named by file or
// environment variable is read at connect time. With a saved-profiles file the profiles outlive a restart (the
// file holds no secret). Views for the renderer say where a secret comes from and that it exists, never what
// it is.
import type { ConnectionProfile, ProfileView, SecretSource, SecretView } from '../../../shared/access';
import { notFound, profileFieldProblem } from '../appFailure';
import type { SecretKeeper } from './secretKeeper';

/**
 * A secret as main keeps it: the value itself (memory; `keychain` names the keeper that also stores it), where
 * to read it, or `absent`: typed in an earlier run and not kept, so it must be entered again (`reason` says why).
 */
export type StoredSecret =
  | { from: 'memory'; value: string; keychain?: string }
  | { from: 'file'; path: string }
  | { from: 'env'; name: string }
  | { from: 'absent'; reason: string };

/** The profile fields that hold a secret: kept as StoredSecret, shown only as a SecretView. */
export const SECRET_FIELDS = [
  'password',
  'keyPassphrase',
  'clientSecret',
  'schemaRegistryPassword',
  'schemaRegistryToken',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export interface StoredProfile extends Omit<ConnectionProfile, SecretField> {
  password?: StoredSecret;
  keyPassphrase?: StoredSecret;
  clientSecret?: StoredSecret;
  schemaRegistryPassword?: StoredSecret;
  schemaRegistryToken?: StoredSecret;
}

export interface ProfileStore {
  list(): ProfileView[];
  /** The profile with its secrets; throws not_found. */
  get(name: string): StoredProfile;
  /** Settles once the profiles of an earlier run are back (their typed secrets decrypted by the keeper). */
  readonly ready: Promise<void>;
  /**
   * Saves (or replaces) a profile, for the next run too; a `keep` secret keeps the one stored under the same
   * name. A typed secret is stored by the keeper (encrypted) before the file says so.
   */
  save(profile: ConnectionProfile): Promise<ProfileView>;
  /** Holds a profile for this run only (the profiles a `--profiles` file names: that file is theirs). */
  hold(profile: ConnectionProfile): ProfileView;
  /** A profile as it would be saved, without saving it (to test one being edited). */
  preview(profile: ConnectionProfile): StoredProfile;
  remove(name: string): boolean;
}

/** The profile without its secret fields. */
function withoutSecrets<P extends Partial<Record<SecretField, unknown>>>(profile: P): Omit<P, SecretField> {
  const rest: Partial<P> = { ...profile };
  for (const field of SECRET_FIELDS) delete rest[field];
  return rest as Omit<P, SecretField>;
}

function secretView(secret: StoredSecret | undefined): SecretView | undefined {
  if (!secret) return undefined;
  if (secret.from === 'memory')
    return { from: 'memory', hasSecret: true, ...(secret.keychain ? { keychain: secret.keychain } : {}) };
  if (secret.from === 'file') return { from: 'file', path: secret.path, hasSecret: true };
  if (secret.from === 'absent') return { from: 'absent', hasSecret: false, reason: secret.reason };
  return { from: 'env', name: secret.name, hasSecret: true };
}

const has = (secret: StoredSecret | undefined) => secret !== undefined && secret.from !== 'absent';

export function profileView(stored: StoredProfile): ProfileView {
  const views: Partial<Record<SecretField, SecretView>> = {};
  for (const field of SECRET_FIELDS) {
    const view = secretView(stored[field]);
    if (view) views[field] = view;
  }
  return {
    ...withoutSecrets(stored),
    ...views,
    hasPassword: has(stored.password),
    hasKeyPassphrase: has(stored.keyPassphrase),
    hasClientSecret: has(stored.clientSecret),
  };
}

/** Where saved profiles outlive a restart (`savedProfiles.ts`). */
export interface ProfilePersistence {
  /** The profiles saved in an earlier run, their typed secrets taken back from the keeper where it kept them. */
  load(keeper: SecretKeeper): Promise<StoredProfile[]>;
  write(profiles: StoredProfile[]): void;
}

/** The keeper's key of one secret of one profile. */
export const keeperKey = (profile: string, field: SecretField) => `${profile}\u0000${field}`;

export interface ProfileStoreOptions {
  persistence?: ProfilePersistence;
  /** Keeps typed secrets between runs; without one (or one that does not store) they last for the run. */
  keeper?: SecretKeeper;
}

export function createProfileStore(options: ProfileStoreOptions = {}): ProfileStore {
  const { persistence, keeper } = options;
  const profiles = new Map<string, StoredProfile>();
  /** Names held for this run only (a profiles file's). */
  const transient = new Set<string>();
  // A profile held or saved while the file loads is newer than the file's.
  const ready =
    persistence && keeper
      ? persistence.load(keeper).then((loaded) => {
          for (const p of loaded) if (!profiles.has(p.name)) profiles.set(p.name, p);
        })
      : Promise.resolve();
  const persist = () => persistence?.write([...profiles.values()].filter((p) => !transient.has(p.name)));

  /** Typed secrets go to the keeper too when it stores; a field no longer typed leaves the keeper. */
  const keep = async (profile: StoredProfile): Promise<StoredProfile> => {
    if (!keeper) return profile;
    const kept: StoredProfile = { ...profile };
    for (const field of SECRET_FIELDS) {
      const secret = profile[field];
      const key = keeperKey(profile.name, field);
      if (secret?.from === 'memory' && !secret.keychain) {
        const state = await keeper.state();
        if (state.storing && (await keeper.put(key, secret.value)))
          kept[field] = { ...secret, keychain: state.backend };
      } else if (secret?.from !== 'memory') keeper.remove(key);
    }
    return kept;
  };

  const stored = (
    field: SecretField,
    source: SecretSource | undefined,
    previous: StoredProfile | undefined,
  ): StoredSecret | undefined => {
    if (!source) return undefined;
    if (source.from === 'keep') {
      const kept = previous?.[field];
      if (!kept) throw profileFieldProblem(field, 'there is no stored secret to keep; enter it');
      if (kept.from === 'absent') throw profileFieldProblem(field, `enter it again: ${kept.reason}`);
      return kept;
    }
    if (source.from === 'value') return { from: 'memory', value: source.value };
    return source;
  };

  const toStored = (profile: ConnectionProfile): StoredProfile => {
    const previous = profiles.get(profile.name);
    const secrets: Partial<Record<SecretField, StoredSecret>> = {};
    for (const field of SECRET_FIELDS) {
      const secret = stored(field, profile[field], previous);
      if (secret) secrets[field] = secret;
    }
    return { ...withoutSecrets(profile), ...secrets };
  };

  return {
    list: () => [...profiles.values()].map(profileView).sort((a, b) => a.name.localeCompare(b.name)),
    get(name) {
      const found = profiles.get(name);
      if (!found) throw notFound(`There is no connection profile named "${name}".`);
      return found;
    },
    ready,
    async save(profile) {
      await ready;
      const next = await keep(toStored(profile));
      profiles.set(next.name, next);
      transient.delete(next.name);
      persist();
      return profileView(next);
    },
    hold(profile) {
      const next = toStored(profile);
      profiles.set(next.name, next);
      transient.add(next.name);
      return profileView(next);
    },
    preview: toStored,
    remove(name) {
      const removed = profiles.delete(name);
      if (removed && !transient.has(name)) {
        for (const field of SECRET_FIELDS) keeper?.remove(keeperKey(name, field));
        persist();
      }
      transient.delete(name);
      return removed;
    },
  };
}
