import { describe, expect, it } from 'vitest';
import { roleAcls, scramFormatArgs, secureBrokerProperties } from './secureBroker';
import type { CertificateFiles } from './certs';

describe('secured broker settings', () => {
  it('writes every user for both SCRAM mechanisms at format time', () => {
    const args = scramFormatArgs([
      { username: 'alice', password: 'a-secret' },
      { username: 'bob', password: 'b-secret' },
    ]);
    expect(args.filter((a) => a === '--add-scram')).toHaveLength(4);
    expect(args).toContain('SCRAM-SHA-512=[name=alice,password=a-secret]');
    expect(args).toContain('SCRAM-SHA-256=[name=bob,password=b-secret]');
  });

  it('lets only the operator write, and only pipeline topics', () => {
    const acls = roleAcls({ admin: 'admin', operator: 'alice', viewer: 'bob' });
    const writes = acls.filter((a) => a.operation === 4 /* WRITE */);
    expect(writes.map((a) => a.principal)).toEqual(['User:alice', 'User:alice']);
    expect(writes.map((a) => a.resourceName).sort()).toEqual(['eventdesk.', 'payments.']);
    expect(
      acls
        .filter((a) => a.principal === 'User:bob')
        .every((a) => [3 /* READ */, 8 /* DESCRIBE */].includes(a.operation)),
    ).toBe(true);
  });

  it('requires client certificates on the mTLS listener but not on SASL_SSL', () => {
    const props = secureBrokerProperties({
      plaintext: 1,
      saslSsl: 2,
      mtls: 3,
      internal: 4,
      controller: 5,
      hostname: 'localhost',
      certs: { caFile: '/ca.pem', brokerKeystore: '/ks.pem' } as CertificateFiles,
      users: {
        admin: { username: 'admin', password: 'x' },
        operator: { username: 'alice', password: 'y' },
        viewer: { username: 'bob', password: 'z' },
      },
    });
    expect(props['listener.name.mtls.ssl.client.auth']).toBe('required');
    expect(props['listener.name.sasl_ssl.ssl.client.auth']).toBeUndefined();
    expect(props['ssl.client.auth']).toBeUndefined();
    expect(String(props['listener.name.sasl_ssl.plain.sasl.jaas.config'])).toContain('user_alice="y"');
    expect(props['super.users']).toBe('User:admin;User:broker');
    expect(String(props['sasl.enabled.mechanisms']).split(',')).toContain('OAUTHBEARER');
    expect(props['listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class']).toMatch(
      /OAuthBearerUnsecuredValidatorCallbackHandler$/,
    );
  });
});
