// Saved connection profiles that outlive a restart: `<dataDir>/connection-profiles.json` holds each profile
// without its secrets. A secret named by a file or a variable is kept as that name; a typed one is in the secret
// keeper (the OS keychain) and the file says only `keychain`, or, when the keeper stored nothing, `session`, and
// the next run asks for it again. Written whole to a temporary file and renamed, so a crash leaves the old file
// or the new one; a file that cannot be read is moved aside with its problem logged, never overwritten (when it
// cannot even be moved, changes are kept for the run and saving is refused with that reason).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { connectionProfileSchema } from '../../../shared/access';
import { refused } from '../appFailure';
import type { KeeperState, SecretKeeper } from './secretKeeper';
import {
  keeperKey,
  SECRET_FIELDS,
  type ProfilePersistence,
  type SecretField,
  type StoredProfile,
  type StoredSecret,
} from './profileStore';

const secretRefSchema = z.discriminatedUnion('from', [
  z.object({ from: z.literal('file'), path: z.string().min(1) }),
  z.object({ from: z.literal('env'), name: z.string().min(1) }),
  z.object({ from: z.literal('keychain') }),
  z.object({ from: z.literal('session') }),
]);
type SecretRef = z.output<typeof secretRefSchema>;

const savedFileSchema = z.object({
  version: z.literal(1),
  profiles: z.array(
    z.object({
      profile: z.record(z.string(), z.unknown()),
      secrets: z.partialRecord(z.enum(SECRET_FIELDS), secretRefSchema),
    }),
  ),
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const SAVED_PROFILES_FILE = 'connection-profiles.json';

function refOf(secret: StoredSecret): SecretRef {
  if (secret.from === 'file') return { from: 'file', path: secret.path };
  if (secret.from === 'env') return { from: 'env', name: secret.name };
  if (secret.from === 'memory' && secret.keychain) return { from: 'keychain' };
  return { from: 'session' };
}

const fieldWords: Record<SecretField, string> = {
  password: 'password',
  keyPassphrase: 'key passphrase',
  clientSecret: 'client secret',
  schemaRegistryPassword: 'schema registry password',
  schemaRegistryToken: 'schema registry token',
};

/** The stored secret a reference comes back as, in a run whose keeper is `keeper`. */
async function secretOfRef(
  ref: SecretRef,
  key: string,
  field: SecretField,
  keeper: SecretKeeper,
  state: KeeperState,
): Promise<StoredSecret> {
  if (ref.from === 'file' || ref.from === 'env') return ref;
  if (ref.from === 'keychain') {
    const value = state.storing ? await keeper.get(key) : null;
    if (value !== null && state.storing) return { from: 'memory', value, keychain: state.backend };
    return {
      from: 'absent',
      reason: state.storing
        ? `the ${fieldWords[field]} is no longer in the keychain (${state.backend}), or no longer decrypts`
        : `the ${fieldWords[field]} was in the keychain, which is not available now: ${state.reason}`,
    };
  }
  return {
    from: 'absent',
    reason: `the ${fieldWords[field]} was typed in an earlier run and not stored: ${
      state.storing ? 'the keychain was not available then' : state.reason
    }`,
  };
}

export function savedProfilesFile(
  dataDir: string,
  log: (line: string) => void = (line) => console.warn(line),
): ProfilePersistence {
  const file = join(dataDir, SAVED_PROFILES_FILE);

  // Set when the file could be neither read nor moved aside: saving then would overwrite it, so saving is refused.
  let stuck: string | null = null;
  const setAside = (problem: string) => {
    const stamp = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let aside = stamp;
    for (let n = 2; existsSync(aside); n++) aside = `${stamp}-${n}`;
    try {
      renameSync(file, aside);
    } catch (error) {
      stuck = `${problem}, and it could not be moved aside (${messageOf(error)})`;
      log(
        `saved connection profiles: ${stuck}; the console starts without them and saves none until it is fixed`,
      );
      return;
    }
    log(
      `saved connection profiles: ${problem}; the file was moved to ${aside} and the console starts without them`,
    );
  };

  return {
    async load(keeper) {
      if (!existsSync(file)) return [];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        setAside(`${file} cannot be read (${messageOf(error)})`);
        return [];
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        setAside(`${file} is not JSON (${messageOf(error)})`);
        return [];
      }
      const parsed = savedFileSchema.safeParse(json);
      if (!parsed.success) {
        setAside(
          `${file} is not a saved-profiles file (${parsed.error.issues[0]?.message ?? 'unknown shape'})`,
        );
        return [];
      }
      const loaded: StoredProfile[] = [];
      const state = await keeper.state();
      for (const entry of parsed.data.profiles) {
        // The profile is checked as the editor would save it: a typed secret stands in as `keep`.
        const standIns = Object.fromEntries(
          Object.entries(entry.secrets).map(([field, ref]) => [
            field,
            ref.from === 'file' || ref.from === 'env' ? ref : { from: 'keep' },
          ]),
        );
        const valid = connectionProfileSchema.safeParse({ ...entry.profile, ...standIns });
        if (!valid.success) {
          setAside(
            `a saved profile does not parse (${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
          );
          return [];
        }
        const profile: StoredProfile = { ...valid.data } as StoredProfile;
        for (const field of SECRET_FIELDS) delete profile[field];
        for (const [field, ref] of Object.entries(entry.secrets) as Array<[SecretField, SecretRef]>)
          profile[field] = await secretOfRef(ref, keeperKey(profile.name, field), field, keeper, state);
        loaded.push(profile);
      }
      return loaded;
    },
    write(profiles) {
      if (stuck !== null)
        throw refused(`The change is kept for this run but not saved: ${stuck}. Move or repair that file.`);
      const body = {
        version: 1,
        profiles: profiles.map((p) => {
          // The profile as the schema takes it (servers as one comma-separated string), so a load re-checks it.
          const profile: Record<string, unknown> = { ...p, bootstrap: p.bootstrap.join(',') };
          const secrets: Partial<Record<SecretField, SecretRef>> = {};
          for (const field of SECRET_FIELDS) {
            delete profile[field];
            const secret = p[field];
            if (secret) secrets[field] = refOf(secret);
          }
          return { profile, secrets };
        }),
      };
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, file);
    },
  };
}
