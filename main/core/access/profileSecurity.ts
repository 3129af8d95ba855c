// A stored profile turned into what the Kafka client needs: the TLS files read and checked (PEM, the key
// opens with its passphrase and belongs to the certificate), the secrets read from memory, file or variable.
// OAUTHBEARER gets a token source holding the client secret. Each problem names the profile field to fix.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { usesSasl, usesTls, type ConnectionAccess } from '../../../shared/access';
import { profileFieldProblem } from '../appFailure';
import type { ConnectionTarget } from '../cluster/connection';
import type { ClientSecurity } from '../kafka/kafkaPort';
import { createTokenSource } from './oauthToken';
import type { StoredProfile, StoredSecret } from './profileStore';

export interface ProfileSecurityDeps {
  readFile: (path: string) => Promise<string>;
  /** An environment variable's value (the composition root reads the environment). */
  readEnv: (name: string) => string | undefined;
  /** How long an OAUTHBEARER token endpoint may take (5 s when omitted). */
  tokenTimeoutMs?: number;
}

const reasonOf = (error: unknown) =>
  (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));

async function readField(field: string, path: string, deps: ProfileSecurityDeps): Promise<string> {
  try {
    return await deps.readFile(path);
  } catch (error) {
    throw profileFieldProblem(field, `cannot read ${path} (${reasonOf(error)})`);
  }
}

export async function secretOf(
  field: string,
  secret: StoredSecret,
  deps: ProfileSecurityDeps,
): Promise<string> {
  if (secret.from === 'memory') return secret.value;
  if (secret.from === 'absent') throw profileFieldProblem(field, `enter it again: ${secret.reason}`);
  if (secret.from === 'file') {
    // A secret file usually ends with a newline that is not part of the secret.
    const value = (await readField(field, secret.path, deps)).replace(/\r?\n$/, '');
    if (value === '') throw profileFieldProblem(field, `${secret.path} is empty`);
    return value;
  }
  const value = deps.readEnv(secret.name);
  if (value === undefined || value === '')
    throw profileFieldProblem(field, `the environment variable ${secret.name} is not set`);
  return value;
}

const pemCertificate = /-----BEGIN CERTIFICATE-----/;

function certificateOf(field: string, path: string, pem: string): X509Certificate {
  if (!pemCertificate.test(pem))
    throw profileFieldProblem(
      field,
      `${path} is not a PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`,
    );
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw profileFieldProblem(field, `${path} holds a certificate that does not parse (${reasonOf(error)})`);
  }
}

function privateKeyOf(path: string, pem: string, passphrase: string | undefined): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw profileFieldProblem(
      'keyFile',
      `${path} is not a PEM private key (no "-----BEGIN … PRIVATE KEY-----" block)`,
    );
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MISSING_PASSPHRASE')
      throw profileFieldProblem('keyPassphrase', `${path} is encrypted; give its passphrase`);
    if (passphrase !== undefined)
      throw profileFieldProblem('keyPassphrase', `the passphrase does not open ${path}`);
    throw profileFieldProblem('keyFile', `${path} does not hold a usable private key (${reasonOf(error)})`);
  }
}

/** Kafka's default principal for a client certificate: `User:` and the subject's distinguished name. */
function certificatePrincipal(cert: X509Certificate): string {
  return `User:${cert.subject.split('\n').join(',')}`;
}

/** The profile's connection: security material for the client, and what the status may show. */
export async function resolveProfile(
  profile: StoredProfile,
  deps: ProfileSecurityDeps,
): Promise<ConnectionTarget> {
  const security: ClientSecurity = {};
  let principal: string | null = null;
  if (usesTls(profile.protocol)) {
    const tls: NonNullable<ClientSecurity['tls']> = { verifyHostname: profile.verifyHostname };
    if (profile.caFile) {
      tls.ca = await readField('caFile', profile.caFile, deps);
      certificateOf('caFile', profile.caFile, tls.ca);
    }
    if (profile.certFile && profile.keyFile) {
      tls.cert = await readField('certFile', profile.certFile, deps);
      const cert = certificateOf('certFile', profile.certFile, tls.cert);
      tls.key = await readField('keyFile', profile.keyFile, deps);
      if (profile.keyPassphrase)
        tls.passphrase = await secretOf('keyPassphrase', profile.keyPassphrase, deps);
      const key = privateKeyOf(profile.keyFile, tls.key, tls.passphrase);
      if (!cert.checkPrivateKey(key))
        throw profileFieldProblem('keyFile', `${profile.keyFile} is not the key of ${profile.certFile}`);
      principal = certificatePrincipal(cert);
    }
    security.tls = tls;
  }
  const mechanism = usesSasl(profile.protocol) ? profile.mechanism : undefined;
  if (mechanism === 'OAUTHBEARER') {
    if (profile.tokenEndpoint && profile.clientId && profile.clientSecret) {
      const source = createTokenSource(
        {
          endpoint: profile.tokenEndpoint,
          clientId: profile.clientId,
          clientSecret: await secretOf('clientSecret', profile.clientSecret, deps),
          ...(profile.scope ? { scope: profile.scope } : {}),
          ...(profile.clientAuth ? { clientAuth: profile.clientAuth } : {}),
        },
        deps.tokenTimeoutMs === undefined ? {} : { timeoutMs: deps.tokenTimeoutMs },
      );
      security.sasl = { mechanism: 'OAUTHBEARER', token: () => source.token(), endpoint: source.endpoint };
      // Until a token names its subject, the client id is the best guess of the principal.
      principal = `User:${profile.clientId}`;
    }
  } else if (mechanism && profile.username && profile.password) {
    security.sasl = {
      mechanism,
      username: profile.username,
      password: await secretOf('password', profile.password, deps),
    };
    principal = `User:${profile.username}`;
  }
  const access: ConnectionAccess = {
    profile: profile.name,
    environment: profile.environment,
    readOnly: profile.readOnly,
    protocol: profile.protocol,
    ...(profile.mechanism ? { mechanism: profile.mechanism } : {}),
    principal,
  };
  return { security, access };
}
