// Which schema registry decodes wire-format keys and values right now: the one the connected profile names
// (with its own basic auth or bearer token, read like the profile's password: memory, file or variable),
// else the console's own (EVENTDESK_SCHEMA_REGISTRY). Credentials stay here; nothing of them reaches an output.
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import { secretOf, type ProfileSecurityDeps } from '../access/profileSecurity';
import type { ProfileStore, StoredProfile } from '../access/profileStore';
import type { RecordDecoder } from './recordDecoder';
import { registryDecoder } from './registryDecoders';

/** The registry a profile names, its secrets read; null when it names none. */
export async function profileRegistrySettings(
  profile: StoredProfile,
  deps: ProfileSecurityDeps,
): Promise<SchemaRegistrySettings | null> {
  const url = profile.schemaRegistryUrl;
  if (!url) return null;
  if (profile.schemaRegistryToken)
    return { url, bearerToken: await secretOf('schemaRegistryToken', profile.schemaRegistryToken, deps) };
  if (profile.schemaRegistryUsername && profile.schemaRegistryPassword)
    return {
      url,
      auth: {
        username: profile.schemaRegistryUsername,
        password: await secretOf('schemaRegistryPassword', profile.schemaRegistryPassword, deps),
      },
    };
  return { url };
}

export interface RegistrySelection {
  /** The registry in use now (null: none configured). */
  settings(): Promise<SchemaRegistrySettings | null>;
  /** Decodes with the registry in use at each call; schemas are cached per registry. */
  decoder: RecordDecoder;
}

export function createRegistrySelection(deps: {
  /** The console's registry, used when no profile is connected or the profile names none. */
  fallback: SchemaRegistrySettings | null;
  profiles: Pick<ProfileStore, 'get'>;
  /** The name of the connected profile, if a profile is connected. */
  connectedProfile: () => string | undefined;
  secrets: ProfileSecurityDeps;
}): RegistrySelection {
  // Read once per saved version of a profile (a save replaces the stored object), like connect-time secrets.
  const resolved = new WeakMap<StoredProfile, Promise<SchemaRegistrySettings | null>>();
  const settings = async () => {
    const name = deps.connectedProfile();
    let profile: StoredProfile | null = null;
    try {
      profile = name === undefined ? null : deps.profiles.get(name);
    } catch {
      // The profile was removed while connected: the console's registry, as for a connection without one.
    }
    if (!profile?.schemaRegistryUrl) return deps.fallback;
    let found = resolved.get(profile);
    if (!found) {
      found = profileRegistrySettings(profile, deps.secrets);
      // A secret that cannot be read now (a variable not set yet) is tried again next time.
      found.catch(() => resolved.delete(profile));
      resolved.set(profile, found);
    }
    return found;
  };
  return {
    settings,
    decoder: { decodeBatch: async (records) => registryDecoder(await settings()).decodeBatch(records) },
  };
}
