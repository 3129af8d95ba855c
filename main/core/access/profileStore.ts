// Connection profiles held by main for this run. A secret given as a value stays in this process's memory
// only; a secret named by file or environment variable is read at connect time. Views for the renderer say
// where a secret comes from and that it exists, never what it is.
import type { ConnectionProfile, ProfileView, SecretSource, SecretView } from '../../../shared/access';
import { notFound, profileFieldProblem } from '../appFailure';

/** A secret as main keeps it: the value itself (memory), or where to read it. */
export type StoredSecret =
  { from: 'memory'; value: string } | { from: 'file'; path: string } | { from: 'env'; name: string };

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
  /** Saves (or replaces) a profile; a `keep` secret keeps the one stored under the same name. */
  save(profile: ConnectionProfile): ProfileView;
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
  if (secret.from === 'memory') return { from: 'memory', hasSecret: true };
  if (secret.from === 'file') return { from: 'file', path: secret.path, hasSecret: true };
  return { from: 'env', name: secret.name, hasSecret: true };
}

export function profileView(stored: StoredProfile): ProfileView {
  const views: Partial<Record<SecretField, SecretView>> = {};
  for (const field of SECRET_FIELDS) {
    const view = secretView(stored[field]);
    if (view) views[field] = view;
  }
  return {
    ...withoutSecrets(stored),
    ...views,
    hasPassword: stored.password !== undefined,
    hasKeyPassphrase: stored.keyPassphrase !== undefined,
    hasClientSecret: stored.clientSecret !== undefined,
  };
}

export function createProfileStore(): ProfileStore {
  const profiles = new Map<string, StoredProfile>();

  const stored = (
    field: SecretField,
    source: SecretSource | undefined,
    previous: StoredProfile | undefined,
  ): StoredSecret | undefined => {
    if (!source) return undefined;
    if (source.from === 'keep') {
      const kept = previous?.[field];
      if (!kept) throw profileFieldProblem(field, 'there is no stored secret to keep; enter it');
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
    save(profile) {
      const next = toStored(profile);
      profiles.set(next.name, next);
      return profileView(next);
    },
    preview: toStored,
    remove: (name) => profiles.delete(name),
  };
}
