import { describe, expect, it } from 'vitest';
import { parseProfilesFile } from './profileFile';

const sasl = {
  name: 'prod',
  bootstrap: 'kafka-1.example:9093',
  protocol: 'SASL_SSL',
  mechanism: 'SCRAM-SHA-512',
  username: 'alice',
  password: { from: 'env', name: 'PROD_KAFKA_PASSWORD' },
  caFile: '/etc/kafka/ca.pem',
  environment: 'production',
  readOnly: true,
};

describe('profiles file', () => {
  it('reads profiles whose secrets are named by variable or file', () => {
    const parsed = parseProfilesFile(JSON.stringify([sasl, { name: 'local', bootstrap: 'localhost:9092' }]));
    expect(parsed).toMatchObject({
      ok: true,
      profiles: [{ name: 'prod', readOnly: true }, { name: 'local' }],
    });
  });

  it('refuses a password written into the file and a duplicate name, naming each', () => {
    const parsed = parseProfilesFile(
      JSON.stringify([{ ...sasl, password: { from: 'value', value: 'hunter2' } }, sasl]),
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^\[0\]\.password: name a file/), '[1].name: "prod" appears twice'],
    });
  });

  it('names the profile and field of a profile that does not validate', () => {
    const parsed = parseProfilesFile(JSON.stringify([{ ...sasl, protocol: 'SSL' }]));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatch(/^\[0\]\.mechanism: SSL does not use SASL/);
  });

  it('says when the file is not JSON', () => {
    expect(parseProfilesFile('{')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not JSON/)],
    });
  });
});
