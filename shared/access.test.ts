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

  it("checks a profile's schema registry: an http(s) URL without credentials in it, one kind of auth", () => {
    const base = { name: 'p', bootstrap: 'b:1' };
    expect(fieldsOf({ ...base, schemaRegistryUrl: 'http://r:8081/apis/ccompat/v7' })).toEqual([]);
    expect(fieldsOf({ ...base, schemaRegistryUrl: '' })).toEqual([]);
    expect(fieldsOf({ ...base, schemaRegistryUrl: 'r:8081' })).toEqual([
      'schemaRegistryUrl: A schema registry URL: http(s)://host:port[/path]',
    ]);
    expect(fieldsOf({ ...base, schemaRegistryUrl: 'http://ops:pw@r:8081' })).toEqual([
      'schemaRegistryUrl: Give the registry credentials in their own fields, not in the URL',
    ]);
    expect(
      fieldsOf({
        ...base,
        schemaRegistryUsername: 'ops',
        schemaRegistryToken: { from: 'env', name: 'TOKEN' },
      }),
    ).toEqual([
      'schemaRegistryUrl: Registry credentials need the registry URL',
      'schemaRegistryPassword: Basic auth to the schema registry needs a password',
      'schemaRegistryToken: Use basic auth or a bearer token for the schema registry, not both',
    ]);
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

  it('asks OAUTHBEARER for a token endpoint, client id and secret instead of a user and password', () => {
    expect(
      fieldsOf({
        name: 'p',
        bootstrap: 'b:9093',
        protocol: 'SASL_SSL',
        mechanism: 'OAUTHBEARER',
        username: 'u',
      }),
    ).toEqual([
      'tokenEndpoint: OAUTHBEARER needs the token endpoint URL',
      'clientId: OAUTHBEARER needs a client id',
      'clientSecret: OAUTHBEARER needs the client secret',
      'username: OAUTHBEARER signs in with a token; leave username empty',
    ]);
    const oauth = {
      name: 'p',
      bootstrap: 'b:9093',
      protocol: 'SASL_SSL',
      mechanism: 'OAUTHBEARER',
      tokenEndpoint: 'https://idp.example/oauth2/token',
      clientId: 'console',
      clientSecret: { from: 'env', name: 'IDP_SECRET' },
      scope: '',
    };
    expect(fieldsOf(oauth)).toEqual([]);
    expect(connectionProfileSchema.parse(oauth).scope).toBeUndefined();
    expect(fieldsOf({ ...oauth, tokenEndpoint: 'ftp://idp.example/token' })).toEqual([
      'tokenEndpoint: An http:// or https:// URL',
    ]);
    expect(fieldsOf({ ...oauth, mechanism: 'PLAIN', username: 'u', password: { from: 'keep' } })).toEqual([
      'tokenEndpoint: PLAIN does not use a token; leave tokenEndpoint empty',
      'clientId: PLAIN does not use a token; leave clientId empty',
      'clientSecret: PLAIN does not use a token; leave clientSecret empty',
    ]);
    expect(fieldsOf({ ...oauth, protocol: 'SSL', mechanism: undefined })[0]).toBe(
      'tokenEndpoint: SSL does not use SASL; leave tokenEndpoint empty',
    );
  });
});
