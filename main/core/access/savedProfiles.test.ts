// Saved profiles across a restart: the file holds no secret; a typed secret comes back from a keeper that
// stores, and is asked for again (with the reason) from one that does not; a file that cannot be read is
// moved aside, not overwritten; a profiles-file profile is never written.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionProfileSchema, type ConnectionProfileInput } from '../../../shared/access';
import { createProfileStore } from './profileStore';
import { SAVED_PROFILES_FILE, savedProfilesFile } from './savedProfiles';
import { sessionOnlyKeeper, type SecretKeeper } from './secretKeeper';

/** A keeper that stores in a map (as the keychain would, encrypted); `storing` can be turned off. */
function mapKeeper(
  blobs = new Map<string, string>(),
  storing = true,
): SecretKeeper & { blobs: Map<string, string> } {
  return {
    blobs,
    state: async () =>
      storing ? { storing: true, backend: 'test-keyring' } : { storing: false, reason: 'no keyring here' },
    put: async (key, secret) => (storing ? (blobs.set(key, secret), true) : false),
    get: async (key) => (storing ? (blobs.get(key) ?? null) : null),
    remove: (key) => void blobs.delete(key),
  };
}

const scram = (fields: Partial<ConnectionProfileInput> = {}) =>
  connectionProfileSchema.parse({
    name: 'prod',
    bootstrap: 'kafka:9093',
    protocol: 'SASL_SSL',
    mechanism: 'SCRAM-SHA-512',
    username: 'alice',
    password: { from: 'value', value: 'hunter2-typed' },
    environment: 'production',
    ...fields,
  });

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-profiles-'));
  folders.push(dir);
  const logs: string[] = [];
  /** The store of the next run: its profiles loaded back. */
  const open = async (keeper: SecretKeeper) => {
    const store = createProfileStore({ persistence: savedProfilesFile(dir, (l) => logs.push(l)), keeper });
    await store.ready;
    return store;
  };
  return { dir, logs, open, file: join(dir, SAVED_PROFILES_FILE) };
}

describe('saved connection profiles', async () => {
  it('come back after a restart, the typed secret from the keychain and never from the file', async () => {
    const { open, file } = setup();
    const keeper = mapKeeper();
    const first = await open(keeper);
    expect(await first.save(scram())).toMatchObject({
      hasPassword: true,
      password: { from: 'memory', hasSecret: true, keychain: 'test-keyring' },
    });
    await first.save(scram({ name: 'staging', password: { from: 'env', name: 'STAGING_PW' } }));
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2-typed');
    expect(text).toContain('"STAGING_PW"');

    const second = await open(keeper);
    expect(second.list().map((p) => p.name)).toEqual(['prod', 'staging']);
    expect(second.get('prod')).toMatchObject({
      environment: 'production',
      password: { from: 'memory', value: 'hunter2-typed', keychain: 'test-keyring' },
    });
    expect(second.get('staging').password).toEqual({ from: 'env', name: 'STAGING_PW' });
    // Keeping the secret on an edit keeps the keychain's copy; removing the profile removes it from the keychain.
    await second.save(scram({ readOnly: true, password: { from: 'keep' } }));
    expect((await open(keeper)).get('prod')).toMatchObject({
      readOnly: true,
      password: { value: 'hunter2-typed' },
    });
    expect(second.remove('prod')).toBe(true);
    expect(keeper.blobs.size).toBe(0);
    expect((await open(keeper)).list().map((p) => p.name)).toEqual(['staging']);
  });

  it('ask for a typed secret again, saying why, when nothing could keep it', async () => {
    const { open } = setup();
    await (await open(sessionOnlyKeeper('the browser console keeps it for this run'))).save(scram());
    const next = await open(sessionOnlyKeeper('the browser console keeps it for this run'));
    const view = next.list()[0]!;
    expect(view.hasPassword).toBe(false);
    expect(view.password).toEqual({
      from: 'absent',
      hasSecret: false,
      reason:
        'the password was typed in an earlier run and not stored: the browser console keeps it for this run',
    });
    await expect(next.save(scram({ password: { from: 'keep' } }))).rejects.toThrow(
      /password: enter it again: the password/,
    );
    // Typed again, it works for this run.
    expect((await next.save(scram())).hasPassword).toBe(true);
  });

  it('say when the keychain that had the secret is gone', async () => {
    const { open } = setup();
    const blobs = new Map<string, string>();
    await (await open(mapKeeper(blobs))).save(scram());
    const view = (await open(mapKeeper(blobs, false))).list()[0]!;
    expect(view.password).toMatchObject({
      from: 'absent',
      reason: 'the password was in the keychain, which is not available now: no keyring here',
    });
    blobs.clear();
    expect((await open(mapKeeper(blobs))).list()[0]!.password).toMatchObject({
      reason: 'the password is no longer in the keychain (test-keyring), or no longer decrypts',
    });
  });

  it('move a file that cannot be read aside, and start without it', async () => {
    const { open, file, dir, logs } = setup();
    writeFileSync(file, '{"version": 1, "profiles": [{"profile": {"name": "x"}, "secrets": {}}]}');
    const store = await open(mapKeeper());
    expect(store.list()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    const aside = readdirSync(dir).filter((f) => f.includes('.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain('"name": "x"');
    expect(logs[0]).toMatch(/a saved profile does not parse \(bootstrap: .*moved to/);
    writeFileSync(file, 'not json');
    expect((await open(mapKeeper())).list()).toEqual([]);
    expect(logs[1]).toMatch(/is not JSON/);
    // A file that is there but cannot be read at all (here a folder in its place) is named so, and set aside.
    mkdirSync(file);
    const third = await open(mapKeeper());
    expect(third.list()).toEqual([]);
    expect(logs[2]).toMatch(/connection-profiles\.json cannot be read \(EISDIR: .*moved to/);
    expect(existsSync(file)).toBe(false);
    await third.save(scram());
    expect(readFileSync(file, 'utf8')).toContain('"name": "prod"');
  });

  it('never write a profile a profiles file named', async () => {
    const { open, file } = setup();
    const store = await open(mapKeeper());
    store.hold(scram({ name: 'from-file', password: { from: 'env', name: 'PW' } }));
    await store.save(scram({ name: 'mine' }));
    expect(readFileSync(file, 'utf8')).not.toContain('from-file');
    expect(store.list().map((p) => p.name)).toEqual(['from-file', 'mine']);
  });
});
