// The access domain: connection profiles (servers, security, TLS material, environment, read-only), where their
// secrets come from, and what the console tells the renderer about them (never a secret itself).
import { z } from 'zod';
import { bootstrapServersSchema } from './bootstrap';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];

export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];
/** OAUTHBEARER signs in with a token from a client-credentials endpoint; the others with a user and password. */
export const usesToken = (mechanism: SaslMechanism | undefined): boolean => mechanism === 'OAUTHBEARER';
/** The profile fields of OAUTHBEARER's client-credentials grant. */
export const OAUTH_FIELDS = ['tokenEndpoint', 'clientId', 'clientSecret', 'scope', 'clientAuth'] as const;
/** How the client proves itself to the token endpoint: HTTP basic auth (the default) or in the form body. */
export const CLIENT_AUTH_METHODS = ['basic', 'body'] as const;

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type EnvironmentLabel = (typeof ENVIRONMENTS)[number];

export const usesSasl = (protocol: SecurityProtocol): boolean => protocol.startsWith('SASL_');
export const usesTls = (protocol: SecurityProtocol): boolean => protocol === 'SSL' || protocol === 'SASL_SSL';

/**
 * Where a secret comes from: given now (main keeps it in memory for this run only), a file or an environment
 * variable main reads at connect time, or `keep` (an edit that leaves the stored secret as it is).
 */
export const secretSourceSchema = z.discriminatedUnion('from', [
  z.object({
    from: z.literal('value'),
    value: z.string().min(1, 'Enter the secret, or pick a file or variable'),
  }),
  z.object({ from: z.literal('file'), path: z.string().trim().min(1, 'Enter the path of the file') }),
  z.object({
    from: z.literal('env'),
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'An environment variable name: letters, digits and _'),
  }),
  z.object({ from: z.literal('keep') }),
]);
export type SecretSource = z.output<typeof secretSourceSchema>;

/** A token endpoint: http(s) only, so a typo'd scheme is caught as the person types. */
const tokenEndpointSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => /^https?:\/\/[^\s/]+/i.test(v) && URL.canParse(v), 'An http:// or https:// URL');

const optionalPath = z
  .string()
  .trim()
  .max(4096)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const connectionProfileSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the profile a name').max(100, 'At most 100 characters'),
    bootstrap: bootstrapServersSchema,
    protocol: z.enum(SECURITY_PROTOCOLS).default('PLAINTEXT'),
    mechanism: z.enum(SASL_MECHANISMS).optional(),
    username: z.string().trim().max(256).optional(),
    password: secretSourceSchema.optional(),
    /** OAUTHBEARER: the client-credentials token endpoint, the client, its secret and an optional scope. */
    tokenEndpoint: tokenEndpointSchema.optional(),
    clientId: z.string().trim().min(1, 'Enter the client id').max(256).optional(),
    clientSecret: secretSourceSchema.optional(),
    scope: z
      .string()
      .trim()
      .max(1024)
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    clientAuth: z.enum(CLIENT_AUTH_METHODS).optional(),
    /** PEM file of the CA(s) to trust instead of the system's. */
    caFile: optionalPath,
    /** mTLS: PEM client certificate and its PEM private key. */
    certFile: optionalPath,
    keyFile: optionalPath,
    keyPassphrase: secretSourceSchema.optional(),
    verifyHostname: z.boolean().default(true),
    environment: z.enum(ENVIRONMENTS).default('development'),
    readOnly: z.boolean().default(false),
    /** Exports (audit CSV/JSON) leave main unmasked: only for a profile whose people may take personal data out. */
    unmaskedExport: z.boolean().default(false),
    pipelineMapFile: optionalPath,
    // The schema registry used while this profile is connected (else the console's EVENTDESK_SCHEMA_REGISTRY),
    // with basic auth (user + password) or a bearer token; the secrets are kept like the profile password.
    schemaRegistryUrl: z
      .string()
      .trim()
      .max(2048)
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    schemaRegistryUsername: z.string().trim().max(256).optional(),
    schemaRegistryPassword: secretSourceSchema.optional(),
    schemaRegistryToken: secretSourceSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (usesSasl(p.protocol)) {
      if (!p.mechanism) problem('mechanism', `${p.protocol} needs a SASL mechanism`);
      if (usesToken(p.mechanism)) {
        if (!p.tokenEndpoint) problem('tokenEndpoint', 'OAUTHBEARER needs the token endpoint URL');
        if (!p.clientId) problem('clientId', 'OAUTHBEARER needs a client id');
        if (!p.clientSecret) problem('clientSecret', 'OAUTHBEARER needs the client secret');
        for (const field of ['username', 'password'] as const)
          if (p[field] !== undefined)
            problem(field, `OAUTHBEARER signs in with a token; leave ${field} empty`);
      } else {
        if (!p.username) problem('username', `${p.protocol} needs a user name`);
        if (!p.password) problem('password', `${p.protocol} needs a password`);
        for (const field of OAUTH_FIELDS)
          if (p[field] !== undefined)
            problem(field, `${p.mechanism ?? 'this mechanism'} does not use a token; leave ${field} empty`);
      }
    } else {
      for (const field of ['mechanism', 'username', 'password', ...OAUTH_FIELDS] as const)
        if (p[field] !== undefined) problem(field, `${p.protocol} does not use SASL; leave ${field} empty`);
    }
    if (!usesTls(p.protocol)) {
      for (const field of ['caFile', 'certFile', 'keyFile', 'keyPassphrase'] as const)
        if (p[field] !== undefined) problem(field, `${p.protocol} does not use TLS; leave ${field} empty`);
    }
    if (p.certFile && !p.keyFile) problem('keyFile', 'A client certificate needs its private key file');
    if (p.keyFile && !p.certFile) problem('certFile', 'A private key needs its client certificate file');
    schemaRegistryProblems(p, problem);
  });

/** What is wrong with a profile's schema registry fields, each named by its field. */
function schemaRegistryProblems(
  p: {
    schemaRegistryUrl?: string;
    schemaRegistryUsername?: string;
    schemaRegistryPassword?: SecretSource;
    schemaRegistryToken?: SecretSource;
  },
  problem: (path: string, message: string) => void,
) {
  const url = p.schemaRegistryUrl;
  if (url !== undefined) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
      problem('schemaRegistryUrl', 'A schema registry URL: http(s)://host:port[/path]');
    // A URL is shown back to the renderer: credentials in it would be a secret in an output.
    else if (parsed.username || parsed.password)
      problem('schemaRegistryUrl', 'Give the registry credentials in their own fields, not in the URL');
  }
  const basic = p.schemaRegistryUsername !== undefined || p.schemaRegistryPassword !== undefined;
  if (basic || p.schemaRegistryToken !== undefined) {
    if (url === undefined) problem('schemaRegistryUrl', 'Registry credentials need the registry URL');
  }
  if (p.schemaRegistryUsername && !p.schemaRegistryPassword)
    problem('schemaRegistryPassword', 'Basic auth to the schema registry needs a password');
  if (p.schemaRegistryPassword && !p.schemaRegistryUsername)
    problem('schemaRegistryUsername', 'Basic auth to the schema registry needs a user name');
  if (basic && p.schemaRegistryToken)
    problem('schemaRegistryToken', 'Use basic auth or a bearer token for the schema registry, not both');
}
export type ConnectionProfile = z.output<typeof connectionProfileSchema>;
export type ConnectionProfileInput = z.input<typeof connectionProfileSchema>;

/**
 * How the renderer sees a secret: where it comes from, never what it is. A typed secret (`memory`) names the
 * keychain that keeps it between runs, if one does; `absent` is a typed secret of an earlier run that was not
 * stored (or no longer decrypts): the person enters it again, told why.
 */
export type SecretView =
  | { from: 'memory'; hasSecret: true; keychain?: string }
  | { from: 'file'; path: string; hasSecret: true }
  | { from: 'env'; name: string; hasSecret: true }
  | { from: 'absent'; hasSecret: false; reason: string };

export interface ProfileView extends Omit<
  ConnectionProfile,
  'password' | 'keyPassphrase' | 'clientSecret' | 'schemaRegistryPassword' | 'schemaRegistryToken'
> {
  password?: SecretView;
  keyPassphrase?: SecretView;
  clientSecret?: SecretView;
  schemaRegistryPassword?: SecretView;
  schemaRegistryToken?: SecretView;
  hasPassword: boolean;
  hasKeyPassphrase: boolean;
  hasClientSecret: boolean;
}

/** The profile behind the current connection, as `cluster.status` reports it. */
export interface ConnectionAccess {
  profile: string;
  environment: EnvironmentLabel;
  readOnly: boolean;
  protocol: SecurityProtocol;
  mechanism?: SaslMechanism;
  /** Who the cluster says the person is: `User:<sasl user>`, the client certificate's subject, or null. */
  principal: string | null;
}

/**
 * What exactly went wrong with a secured connection, where "unreachable" alone cannot tell a person what to fix:
 * - `untrusted-certificate`: the broker's certificate chain does not lead to a trusted CA
 * - `hostname-mismatch`: the certificate is not for the host name or address dialled
 * - `certificate-expired`: the broker's certificate is out of its validity period
 * - `client-certificate-refused`: the broker did not accept (or needed) the client certificate
 * - `not-tls`: the client spoke TLS, the listener does not
 * - `expects-tls`: the client spoke plaintext and the listener hung up (it likely expects TLS)
 * - `sasl-failed`: the broker refused the SASL credentials
 * - `token-failed`: OAUTHBEARER got no token: the endpoint refused the client, timed out or answered badly
 */
export type SecurityFailure =
  | 'untrusted-certificate'
  | 'hostname-mismatch'
  | 'certificate-expired'
  | 'client-certificate-refused'
  | 'not-tls'
  | 'expects-tls'
  | 'sasl-failed'
  | 'token-failed';

export const profileNameInput = z.object({ name: z.string().trim().min(1).max(100) }).strict();

export const saveProfileInput = z.object({ profile: connectionProfileSchema }).strict();

/** Test a saved profile by name, or one being edited (not saved yet). */
export const testConnectionInput = z
  .object({ name: profileNameInput.shape.name.optional(), profile: connectionProfileSchema.optional() })
  .strict()
  .refine((input) => (input.name === undefined) !== (input.profile === undefined), {
    message: 'Give either the name of a saved profile or a profile to test, not both',
  });

/** The broker's steps in order, then the profile's schema registry (its own server, tried whatever Kafka said). */
export const CONNECTION_STEPS = ['dns', 'tcp', 'tls', 'token', 'sasl', 'metadata', 'registry'] as const;
export type ConnectionStepName = (typeof CONNECTION_STEPS)[number];

export interface ConnectionStep {
  step: ConnectionStepName;
  /** skipped: the profile does not use it (TLS on PLAINTEXT), or an earlier step failed. */
  outcome: 'ok' | 'failed' | 'skipped';
  ms: number;
  /** What was found (addresses, the certificate's subject, the broker count), or why it failed. */
  detail: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** The first failing step, if any. */
  failedStep?: ConnectionStepName;
  steps: ConnectionStep[];
}

/** Who the console acts as: the cluster's principal when the connection has one, and the OS user for context. */
export interface Identity {
  /** What the ledger, provenance headers and jobs record: `User:alice (os user root)`, or the OS user alone. */
  who: string;
  principal: string | null;
  osUser: string;
}
