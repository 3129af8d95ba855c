// The access channels: connection profiles, connecting with one, testing one step by step, and who the
// console acts as. Secrets come in through saveProfile and never go out.
import type { ConnectionStep, ConnectionTestResult, Identity } from '../../../shared/access';
import type { PermissionsView } from '../../../shared/permissions';
import type { DomainHandlers } from '../../../shared/contract';
import type { ConnectionManager, ConnectionTarget } from '../cluster/connection';
import { AppFailure } from '../appFailure';
import { TokenEndpointError } from './oauthToken';
import { resolveProfile, type ProfileSecurityDeps } from './profileSecurity';
import type { ProfileStore, StoredProfile } from './profileStore';

export interface AccessHandlersDeps extends ProfileSecurityDeps {
  profiles: ProfileStore;
  connection: ConnectionManager;
  /** Runs the step-by-step connection test against these servers with this security. */
  probe: (bootstrap: string[], target: ConnectionTarget) => Promise<ConnectionTestResult>;
  /** The test's last step: the profile's schema registry, skipped when it names none. */
  probeRegistry: (profile: StoredProfile) => Promise<ConnectionStep>;
  identity: () => Identity;
  /** Selects the pipeline map for a connection: the profile's own file, or the configured one (null). */
  selectMap: (path: string | null) => Promise<void>;
  /** What the broker says the principal may do on what the console writes (KIP-430). */
  permissions: () => Promise<PermissionsView>;
}

/**
 * OAUTHBEARER: the first token before the switch, so a refused client or a silent endpoint is said on the field
 * to fix and the current connection stays; the token's subject is the principal the broker will name.
 */
async function firstToken(target: ConnectionTarget): Promise<ConnectionTarget> {
  const sasl = target.security?.sasl;
  if (sasl?.mechanism !== 'OAUTHBEARER') return target;
  try {
    const token = await sasl.token();
    return token.subject
      ? { ...target, access: { ...target.access, principal: `User:${token.subject}` } }
      : target;
  } catch (error) {
    if (!(error instanceof TokenEndpointError)) throw error;
    throw new AppFailure(
      error.kind === 'refused' ? 'auth' : 'unreachable',
      `${error.field}: ${error.message}`,
      {
        reason: 'invalid-profile',
        field: error.field,
      },
    );
  }
}

export function createAccessHandlers(deps: AccessHandlersDeps): DomainHandlers<'access'> {
  const { profiles, connection } = deps;
  // Every handler first waits for the profiles of the earlier run (the keychain decrypts asynchronously).
  return {
    'access.profiles': async () => {
      await profiles.ready;
      return profiles.list();
    },

    'access.saveProfile': async ({ profile }) => profiles.save(profile),

    'access.deleteProfile': async ({ name }) => {
      await profiles.ready;
      return { deleted: profiles.remove(name) };
    },

    'access.connect': async ({ name }) => {
      await profiles.ready;
      const profile = profiles.get(name);
      const target = await firstToken(await resolveProfile(profile, deps));
      await deps.selectMap(profile.pipelineMapFile ?? null);
      return connection.connect(profile.bootstrap, target);
    },

    'access.testConnection': async (input) => {
      await profiles.ready;
      const profile = input.profile ? profiles.preview(input.profile) : profiles.get(input.name ?? '');
      const target = await resolveProfile(profile, deps);
      // The registry is its own server: asked alongside the broker, and its failure counts as one of the test's.
      const [kafka, registry] = await Promise.all([
        deps.probe(profile.bootstrap, target),
        deps.probeRegistry(profile),
      ]);
      const failedStep = kafka.failedStep ?? (registry.outcome === 'failed' ? 'registry' : undefined);
      return {
        ok: failedStep === undefined,
        ...(failedStep ? { failedStep } : {}),
        steps: [...kafka.steps, registry],
      };
    },

    'access.identity': async () => deps.identity(),

    'access.permissions': async () => deps.permissions(),
  };
}
