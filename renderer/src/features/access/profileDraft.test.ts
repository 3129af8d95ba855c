import { describe, expect, it } from 'vitest';
import { draftProblems, draftToProfile, emptyDraft } from './profileDraft';

describe('profile editor draft', () => {
  it('names each field with a problem as the person types', () => {
    expect(
      draftProblems({ ...emptyDraft, name: 'prod', bootstrap: 'kafka:9093', protocol: 'SASL_SSL' }),
    ).toEqual({
      mechanism: 'SASL_SSL needs a SASL mechanism',
      username: 'SASL_SSL needs a user name',
      password: 'SASL_SSL needs a password',
    });
    expect(draftProblems({ ...emptyDraft, name: 'p', bootstrap: 'nohost' }).bootstrap).toMatch(/has no port/);
  });

  it('sends only what the protocol uses, and the password as a value for main to keep', () => {
    const draft = {
      ...emptyDraft,
      name: 'p',
      bootstrap: 'b:1',
      protocol: 'SSL' as const,
      username: 'left-over',
      caFile: ' /ca.pem ',
    };
    expect(draftToProfile(draft)).toEqual({
      name: 'p',
      bootstrap: 'b:1',
      protocol: 'SSL',
      environment: 'development',
      readOnly: false,
      unmaskedExport: false,
      caFile: '/ca.pem',
      certFile: undefined,
      keyFile: undefined,
      verifyHostname: true,
    });
    expect(draftProblems(draft)).toEqual({});
    const sasl = draftToProfile({ ...draft, protocol: 'SASL_PLAINTEXT', mechanism: 'PLAIN', password: 'pw' });
    expect(sasl).toMatchObject({ username: 'left-over', password: { from: 'value', value: 'pw' } });
    expect(sasl).not.toHaveProperty('caFile');
  });

  it('reads a secret from a file or variable the person names, and checks the variable name', () => {
    const sasl = {
      ...emptyDraft,
      name: 'p',
      bootstrap: 'b:1',
      protocol: 'SASL_SSL' as const,
      mechanism: 'SCRAM-SHA-512' as const,
      username: 'alice',
    };
    expect(
      draftToProfile({ ...sasl, password: '/run/secrets/kafka', passwordFrom: 'file' }).password,
    ).toEqual({
      from: 'file',
      path: '/run/secrets/kafka',
    });
    expect(draftToProfile({ ...sasl, password: 'KAFKA_PW', passwordFrom: 'env' }).password).toEqual({
      from: 'env',
      name: 'KAFKA_PW',
    });
    expect(draftProblems({ ...sasl, password: 'not a name', passwordFrom: 'env' })).toEqual({
      password: 'An environment variable name: letters, digits and _',
    });
  });

  it('asks OAUTHBEARER for the token endpoint, client and secret, and sends no user or password', () => {
    const oauth = {
      ...emptyDraft,
      name: 'cloud',
      bootstrap: 'b:9093',
      protocol: 'SASL_SSL' as const,
      mechanism: 'OAUTHBEARER' as const,
      username: 'left-over',
      password: 'left-over',
    };
    expect(draftProblems(oauth)).toEqual({
      tokenEndpoint: 'OAUTHBEARER needs the token endpoint URL',
      clientId: 'OAUTHBEARER needs a client id',
      clientSecret: 'OAUTHBEARER needs the client secret',
    });
    const filled = {
      ...oauth,
      tokenEndpoint: 'https://idp.example/token',
      clientId: 'console',
      clientSecret: 'IDP_SECRET',
      clientSecretFrom: 'env' as const,
    };
    expect(draftProblems(filled)).toEqual({});
    const profile = draftToProfile(filled);
    expect(profile).toMatchObject({
      tokenEndpoint: 'https://idp.example/token',
      clientId: 'console',
      clientSecret: { from: 'env', name: 'IDP_SECRET' },
      clientAuth: 'basic',
    });
    expect(profile).not.toHaveProperty('username');
    expect(profile).not.toHaveProperty('password');
    expect(draftProblems({ ...filled, tokenEndpoint: 'idp.example/token' })).toEqual({
      tokenEndpoint: 'An http:// or https:// URL',
    });
  });

  it('sends the registry with the sign-in chosen, and names what that sign-in still needs', () => {
    const plain = { ...emptyDraft, name: 'p', bootstrap: 'b:1' };
    expect(draftToProfile(plain)).not.toHaveProperty('schemaRegistryUrl');
    const url = 'https://registry.example/apis/ccompat/v7';
    expect(draftToProfile({ ...plain, schemaRegistryUrl: ` ${url} ` })).toMatchObject({
      schemaRegistryUrl: url,
    });

    const basic = { ...plain, schemaRegistryAuth: 'basic' as const };
    expect(draftProblems(basic)).toEqual({
      schemaRegistryUrl: 'Registry credentials need the registry URL',
      schemaRegistryUsername: 'Basic auth to the schema registry needs a user name',
      schemaRegistryPassword: 'Basic auth to the schema registry needs a password',
    });
    const filled = {
      ...basic,
      schemaRegistryUrl: url,
      schemaRegistryUsername: 'reader',
      schemaRegistryPassword: 'REGISTRY_PW',
      schemaRegistryPasswordFrom: 'env' as const,
      // Typed under another sign-in and left there: not sent.
      schemaRegistryToken: 'left-over',
    };
    expect(draftProblems(filled)).toEqual({});
    const profile = draftToProfile(filled);
    expect(profile).toMatchObject({
      schemaRegistryUsername: 'reader',
      schemaRegistryPassword: { from: 'env', name: 'REGISTRY_PW' },
    });
    expect(profile).not.toHaveProperty('schemaRegistryToken');

    const token = { ...filled, schemaRegistryAuth: 'token' as const, schemaRegistryToken: '' };
    expect(draftProblems(token)).toEqual({
      schemaRegistryToken: 'Enter the bearer token, or pick a file or variable',
    });
    const withToken = draftToProfile({ ...token, schemaRegistryToken: 't0k3n' });
    expect(withToken).toMatchObject({ schemaRegistryToken: { from: 'value', value: 't0k3n' } });
    expect(withToken).not.toHaveProperty('schemaRegistryUsername');
    expect(draftProblems({ ...plain, schemaRegistryUrl: 'http://u:p@registry:8081' })).toEqual({
      schemaRegistryUrl: 'Give the registry credentials in their own fields, not in the URL',
    });
  });

  it('sends the key passphrase and the pipeline map only where they apply', () => {
    const tls = {
      ...emptyDraft,
      name: 'p',
      bootstrap: 'b:1',
      protocol: 'SSL' as const,
      certFile: '/c.pem',
      keyFile: '/k.pem',
      keyPassphrase: 'KEY_PW',
      keyPassphraseFrom: 'env' as const,
      pipelineMapFile: ' /maps/payments.json ',
    };
    expect(draftToProfile(tls)).toMatchObject({
      keyPassphrase: { from: 'env', name: 'KEY_PW' },
      pipelineMapFile: '/maps/payments.json',
    });
    expect(draftToProfile({ ...tls, protocol: 'PLAINTEXT' })).not.toHaveProperty('keyPassphrase');
  });
});
