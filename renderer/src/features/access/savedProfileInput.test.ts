import { describe, expect, it } from 'vitest';
import { connectionProfileSchema, type ProfileView } from '../../../../shared/access';
import { missingSecrets, profileWithSecrets } from './savedProfileInput';

const view: ProfileView = {
  name: 'prod',
  bootstrap: ['kafka-1:9093', 'kafka-2:9093'],
  protocol: 'SASL_SSL',
  mechanism: 'SCRAM-SHA-512',
  username: 'alice',
  password: {
    from: 'absent',
    hasSecret: false,
    reason: 'typed in an earlier run and not stored: no keyring',
  },
  caFile: '/etc/ca.pem',
  certFile: undefined,
  keyFile: undefined,
  scope: undefined,
  pipelineMapFile: undefined,
  verifyHostname: true,
  environment: 'production',
  readOnly: false,
  unmaskedExport: false,
  schemaRegistryUrl: 'https://registry:8081',
  schemaRegistryToken: { from: 'env', name: 'REGISTRY_TOKEN', hasSecret: true },
  hasPassword: false,
  hasKeyPassphrase: false,
  hasClientSecret: false,
};

describe('a saved profile with a secret to enter again', () => {
  it('names the missing secret with its reason', () => {
    expect(missingSecrets(view)).toEqual([
      { field: 'password', reason: 'typed in an earlier run and not stored: no keyring' },
    ]);
    expect(missingSecrets({ ...view, password: { from: 'memory', hasSecret: true } })).toEqual([]);
  });

  it('is saved again with the typed secret and every other field and secret as it was', () => {
    const input = profileWithSecrets(view, { password: 'typed-now' });
    expect(input).toMatchObject({
      bootstrap: 'kafka-1:9093,kafka-2:9093',
      password: { from: 'value', value: 'typed-now' },
      schemaRegistryToken: { from: 'env', name: 'REGISTRY_TOKEN' },
      caFile: '/etc/ca.pem',
    });
    expect(input).not.toHaveProperty('hasPassword');
    // The schema main checks it with takes it as it is.
    expect(connectionProfileSchema.safeParse(input).success).toBe(true);
    const kept = profileWithSecrets(
      { ...view, password: { from: 'memory', hasSecret: true, keychain: 'k' } },
      {},
    );
    expect(kept.password).toEqual({ from: 'keep' });
  });
});
