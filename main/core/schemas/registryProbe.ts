// "Test connection"'s last step: the schema registry a profile names, asked for its subjects with the profile's
// own basic auth or bearer token. The registry is its own server, so it is tried whatever the broker said; a
// profile that names none says so. The detail names the URL (credentials are never in it) and the reason.
import type { ConnectionStep } from '../../../shared/access';
import { createSchemaRegistryClient, SchemaLookupError } from '../../../shared/schemaRegistry';
import type { ProfileSecurityDeps } from '../access/profileSecurity';
import type { StoredProfile } from '../access/profileStore';
import { profileRegistrySettings } from './registrySelection';

export async function probeRegistry(
  profile: StoredProfile,
  deps: ProfileSecurityDeps,
  timeoutMs = 5_000,
): Promise<ConnectionStep> {
  // A secret that cannot be read (a variable not set) is the field's problem, thrown like the password's.
  const settings = await profileRegistrySettings(profile, deps);
  if (!settings)
    return {
      step: 'registry',
      outcome: 'skipped',
      ms: 0,
      detail: 'this profile names no schema registry (the console’s own decodes, if it has one)',
    };
  const client = createSchemaRegistryClient(settings, { timeoutMs });
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const auth = settings.bearerToken
    ? ' with a bearer token'
    : settings.auth
      ? ` as ${settings.auth.username}`
      : '';
  try {
    const subjects = await client.subjects();
    const count = `${subjects.length} subject${subjects.length === 1 ? '' : 's'}`;
    return { step: 'registry', outcome: 'ok', ms: ms(), detail: `${client.base} answered${auth}: ${count}` };
  } catch (error) {
    if (!(error instanceof SchemaLookupError)) throw error;
    return { step: 'registry', outcome: 'failed', ms: ms(), detail: error.message };
  }
}
