// Which registry decodes: the connected profile's (its secrets read from memory, a variable or a file), else
// the console's; the profile's secrets are kept like its password and never shown.
import { describe, expect, it } from 'vitest';
import { connectionProfileSchema } from '../../../shared/access';
import { createProfileStore } from '../access/profileStore';
import { createRegistrySelection } from './registrySelection';

const fallback = { url: 'http://console-registry:8081' };

function setup(env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const profiles = createProfileStore();
  let connected: string | undefined;
  const selection = createRegistrySelection({
    fallback,
    profiles,
    connectedProfile: () => connected,
    secrets: {
      readEnv: (name) => env[name],
      readFile: async (path) => {
        if (path in files) return files[path]!;
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      },
    },
  });
  const save = (fields: Record<string, unknown>) =>
    profiles.save(connectionProfileSchema.parse({ name: 'p', bootstrap: 'b:9092', ...fields }));
  return { selection, save, connect: (name: string | undefined) => (connected = name) };
}

describe('registry selection', () => {
  it("uses the console's registry with no profile, or a profile that names none", async () => {
    const { selection, save, connect } = setup();
    expect(await selection.settings()).toBe(fallback);
    await save({});
    connect('p');
    expect(await selection.settings()).toBe(fallback);
  });

  it("uses the connected profile's registry with basic auth from memory, and shows only where it comes from", async () => {
    const { selection, save, connect } = setup();
    const view = await save({
      schemaRegistryUrl: 'https://registry.example/apis/ccompat/v7',
      schemaRegistryUsername: 'ops',
      schemaRegistryPassword: { from: 'value', value: 'reg-s3cret' },
    });
    expect(view.schemaRegistryPassword).toEqual({ from: 'memory', hasSecret: true });
    expect(JSON.stringify(view)).not.toContain('reg-s3cret');
    connect('p');
    expect(await selection.settings()).toEqual({
      url: 'https://registry.example/apis/ccompat/v7',
      auth: { username: 'ops', password: 'reg-s3cret' },
    });
    // Disconnected (or the profile removed): the console's registry again.
    connect('gone');
    expect(await selection.settings()).toBe(fallback);
  });

  it('reads a bearer token from a variable or a file, and names the field when it cannot', async () => {
    const { selection, save, connect } = setup({ REG_TOKEN: 'tok-env' }, { '/run/token': 'tok-file\n' });
    await save({
      schemaRegistryUrl: 'http://r:8081',
      schemaRegistryToken: { from: 'env', name: 'REG_TOKEN' },
    });
    connect('p');
    expect(await selection.settings()).toEqual({ url: 'http://r:8081', bearerToken: 'tok-env' });
    await save({
      schemaRegistryUrl: 'http://r:8081',
      schemaRegistryToken: { from: 'file', path: '/run/token' },
    });
    expect(await selection.settings()).toEqual({ url: 'http://r:8081', bearerToken: 'tok-file' });
    await save({
      schemaRegistryUrl: 'http://r:8081',
      schemaRegistryToken: { from: 'env', name: 'UNSET_TOKEN' },
    });
    await expect(selection.settings()).rejects.toMatchObject({
      field: 'schemaRegistryToken',
      message: expect.stringContaining('UNSET_TOKEN is not set'),
    });
  });
});
