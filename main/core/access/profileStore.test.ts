import { describe, expect, it } from 'vitest';
import { connectionProfileSchema } from '../../../shared/access';
import { AppFailure } from '../appFailure';
import { createProfileStore } from './profileStore';

const profile = (overrides: Record<string, unknown> = {}) =>
  connectionProfileSchema.parse({
    name: 'prod',
    bootstrap: 'kafka.example:9093',
    protocol: 'SASL_SSL',
    mechanism: 'SCRAM-SHA-512',
    username: 'alice',
    password: { from: 'value', value: 's3cret-value' },
    ...overrides,
  });

describe('profile store', async () => {
  it('keeps a given password in memory and shows only that it exists', async () => {
    const store = createProfileStore();
    const view = await store.save(profile());
    expect(view).toMatchObject({ hasPassword: true, password: { from: 'memory', hasSecret: true } });
    expect(JSON.stringify(view)).not.toContain('s3cret-value');
    expect(JSON.stringify(store.list())).not.toContain('s3cret-value');
    expect(store.get('prod').password).toEqual({ from: 'memory', value: 's3cret-value' });
  });

  it('keeps the stored password on an edit that says keep, and refuses keep with nothing stored', async () => {
    const store = createProfileStore();
    await store.save(profile());
    await store.save(profile({ password: { from: 'keep' }, readOnly: true }));
    expect(store.get('prod')).toMatchObject({
      readOnly: true,
      password: { from: 'memory', value: 's3cret-value' },
    });
    const failure: unknown = await store
      .save(profile({ name: 'other', password: { from: 'keep' } }))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).field).toBe('password');
  });

  it('shows where a file or variable secret comes from, and forgets a removed profile', async () => {
    const store = createProfileStore();
    const view = await store.save(profile({ password: { from: 'env', name: 'KAFKA_PASSWORD' } }));
    expect(view.password).toEqual({ from: 'env', name: 'KAFKA_PASSWORD', hasSecret: true });
    expect(store.remove('prod')).toBe(true);
    expect(() => store.get('prod')).toThrow(/no connection profile named "prod"/);
  });

  it('keeps an OAUTHBEARER client secret like a password: only hasClientSecret goes out', async () => {
    const store = createProfileStore();
    const oauth = profile({
      name: 'cloud',
      mechanism: 'OAUTHBEARER',
      username: undefined,
      password: undefined,
      tokenEndpoint: 'https://idp.example/token',
      clientId: 'console',
      clientSecret: { from: 'value', value: 'client-s3cret' },
    });
    const view = await store.save(oauth);
    expect(view).toMatchObject({ hasClientSecret: true, clientSecret: { from: 'memory', hasSecret: true } });
    expect(JSON.stringify(store.list())).not.toContain('client-s3cret');
    await store.save({ ...oauth, clientSecret: { from: 'keep' } });
    expect(store.get('cloud').clientSecret).toEqual({ from: 'memory', value: 'client-s3cret' });
  });
});
