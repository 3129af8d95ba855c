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
});
