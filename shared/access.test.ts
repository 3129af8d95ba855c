import { describe, expect, it } from 'vitest';
import { connectionProfileSchema, testConnectionInput } from './access';

const fieldsOf = (input: unknown) => {
  const parsed = connectionProfileSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('connection profile schema', () => {
  it('fills the safe defaults: PLAINTEXT, hostname verification on, development, writable, masked exports', () => {
    expect(connectionProfileSchema.parse({ name: 'local', bootstrap: 'localhost:9092' })).toEqual({
      name: 'local',
      bootstrap: ['localhost:9092'],
      protocol: 'PLAINTEXT',
      verifyHostname: true,
      environment: 'development',
      readOnly: false,
      unmaskedExport: false,
    });
  });

  it('names every missing SASL field of a SASL_SSL profile', () => {
    expect(fieldsOf({ name: 'p', bootstrap: 'b:9093', protocol: 'SASL_SSL' })).toEqual([
      'mechanism: SASL_SSL needs a SASL mechanism',
      'username: SASL_SSL needs a user name',
      'password: SASL_SSL needs a password',
    ]);
  });

  it('refuses TLS files on a plaintext profile and a certificate without its key', () => {
    expect(fieldsOf({ name: 'p', bootstrap: 'b:1', caFile: '/ca.pem' })).toEqual([
      'caFile: PLAINTEXT does not use TLS; leave caFile empty',
    ]);
    expect(fieldsOf({ name: 'p', bootstrap: 'b:1', protocol: 'SSL', certFile: '/c.pem' })).toEqual([
      'keyFile: A client certificate needs its private key file',
    ]);
  });

  it('names the field of a bad bootstrap list, an unknown mechanism and a bad variable name', () => {
    const problems = fieldsOf({
      name: 'p',
      bootstrap: 'nohost',
      protocol: 'SASL_SSL',
      mechanism: 'GSSAPI',
      username: 'u',
      password: { from: 'env', name: '1BAD' },
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['bootstrap', 'mechanism', 'password.name']);
  });

  it('treats an empty path as no file', () => {
    const parsed = connectionProfileSchema.parse({
      name: 'p',
      bootstrap: 'b:1',
      protocol: 'SSL',
      caFile: '',
    });
    expect(parsed.caFile).toBeUndefined();
  });

  it('names the field of a tested profile, and wants a name or a profile', () => {
    const tested = testConnectionInput.safeParse({
      profile: { name: 'p', bootstrap: 'b:1', protocol: 'SASL_SSL' },
    });
    expect(tested.success ? [] : tested.error.issues.map((i) => i.path.join('.'))).toEqual([
      'profile.mechanism',
      'profile.username',
      'profile.password',
    ]);
    expect(testConnectionInput.safeParse({}).success).toBe(false);
    expect(testConnectionInput.safeParse({ name: 'saved' }).success).toBe(true);
  });
});
