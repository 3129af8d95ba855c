// The profile editor's form state as the profile schema's input, and the schema's problems by field, so the
// form can show each problem beside its field while the person types. A secret field is typed in (main keeps
// the value in memory), or names a file or an environment variable main reads at connect time.
import {
  connectionProfileSchema,
  type ConnectionProfileInput,
  type EnvironmentLabel,
  type SaslMechanism,
  type SecurityProtocol,
  type SecretSource,
  usesSasl,
  usesTls,
  usesToken,
} from '../../../../shared/access';

/** Where the editor's secret comes from: typed here, a file path, or an environment variable's name. */
export const SECRET_FROM = ['value', 'file', 'env'] as const;
export type SecretFrom = (typeof SECRET_FROM)[number];
/** The secret fields of the editor; `<field>From` says how to read the text in `<field>`. */
export type DraftSecretField =
  'password' | 'clientSecret' | 'keyPassphrase' | 'schemaRegistryPassword' | 'schemaRegistryToken';

/** How the console signs in to the profile's schema registry. */
export const REGISTRY_AUTH = ['none', 'basic', 'token'] as const;
export type RegistryAuth = (typeof REGISTRY_AUTH)[number];

export interface ProfileDraft {
  name: string;
  bootstrap: string;
  protocol: SecurityProtocol;
  mechanism: SaslMechanism | '';
  username: string;
  password: string;
  passwordFrom: SecretFrom;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  clientSecretFrom: SecretFrom;
  scope: string;
  clientAuth: 'basic' | 'body';
  caFile: string;
  certFile: string;
  keyFile: string;
  keyPassphrase: string;
  keyPassphraseFrom: SecretFrom;
  verifyHostname: boolean;
  environment: EnvironmentLabel;
  readOnly: boolean;
  unmaskedExport: boolean;
  pipelineMapFile: string;
  schemaRegistryUrl: string;
  schemaRegistryAuth: RegistryAuth;
  schemaRegistryUsername: string;
  schemaRegistryPassword: string;
  schemaRegistryPasswordFrom: SecretFrom;
  schemaRegistryToken: string;
  schemaRegistryTokenFrom: SecretFrom;
}

export const emptyDraft: ProfileDraft = {
  name: '',
  bootstrap: '',
  protocol: 'PLAINTEXT',
  mechanism: '',
  username: '',
  password: '',
  passwordFrom: 'value',
  tokenEndpoint: '',
  clientId: '',
  clientSecret: '',
  clientSecretFrom: 'value',
  scope: '',
  clientAuth: 'basic',
  caFile: '',
  certFile: '',
  keyFile: '',
  keyPassphrase: '',
  keyPassphraseFrom: 'value',
  verifyHostname: true,
  environment: 'development',
  readOnly: false,
  unmaskedExport: false,
  pipelineMapFile: '',
  schemaRegistryUrl: '',
  schemaRegistryAuth: 'none',
  schemaRegistryUsername: '',
  schemaRegistryPassword: '',
  schemaRegistryPasswordFrom: 'value',
  schemaRegistryToken: '',
  schemaRegistryTokenFrom: 'value',
};

/** The secret as the schema takes it; an empty field is no secret (the schema then says it is needed). */
function secretOf(text: string, from: SecretFrom): SecretSource | undefined {
  if (text === '') return undefined;
  if (from === 'file') return { from: 'file', path: text };
  if (from === 'env') return { from: 'env', name: text };
  return { from: 'value', value: text };
}

/** The registry fields the chosen sign-in uses; an empty URL is no registry of the profile's own. */
function registryOf(draft: ProfileDraft): Partial<ConnectionProfileInput> {
  const url = draft.schemaRegistryUrl.trim();
  const username = draft.schemaRegistryUsername.trim();
  const password = secretOf(draft.schemaRegistryPassword, draft.schemaRegistryPasswordFrom);
  const token = secretOf(draft.schemaRegistryToken, draft.schemaRegistryTokenFrom);
  const basic = draft.schemaRegistryAuth === 'basic';
  return {
    ...(url ? { schemaRegistryUrl: url } : {}),
    ...(basic && username ? { schemaRegistryUsername: username } : {}),
    ...(basic && password ? { schemaRegistryPassword: password } : {}),
    ...(draft.schemaRegistryAuth === 'token' && token ? { schemaRegistryToken: token } : {}),
  };
}

/** What the schema cannot see: a sign-in chosen for the registry with its fields still empty. */
function registryDraftProblems(draft: ProfileDraft): Partial<Record<keyof ProfileDraft, string>> {
  if (draft.schemaRegistryAuth === 'none') return {};
  const problems: Partial<Record<keyof ProfileDraft, string>> = {};
  if (draft.schemaRegistryUrl.trim() === '')
    problems.schemaRegistryUrl = 'Registry credentials need the registry URL';
  if (draft.schemaRegistryAuth === 'basic' && draft.schemaRegistryUsername.trim() === '')
    problems.schemaRegistryUsername = 'Basic auth to the schema registry needs a user name';
  if (draft.schemaRegistryAuth === 'basic' && draft.schemaRegistryPassword === '')
    problems.schemaRegistryPassword = 'Basic auth to the schema registry needs a password';
  if (draft.schemaRegistryAuth === 'token' && draft.schemaRegistryToken === '')
    problems.schemaRegistryToken = 'Enter the bearer token, or pick a file or variable';
  return problems;
}

/** Only the fields the protocol and mechanism use: a field left filled after switching away is not sent. */
export function draftToProfile(draft: ProfileDraft): ConnectionProfileInput {
  const sasl = usesSasl(draft.protocol);
  const tls = usesTls(draft.protocol);
  const token = sasl && usesToken(draft.mechanism || undefined);
  const password = sasl && !token ? secretOf(draft.password, draft.passwordFrom) : undefined;
  const clientSecret = token ? secretOf(draft.clientSecret, draft.clientSecretFrom) : undefined;
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const keyPassphrase = tls ? secretOf(draft.keyPassphrase, draft.keyPassphraseFrom) : undefined;
  return {
    name: draft.name,
    bootstrap: draft.bootstrap,
    protocol: draft.protocol,
    environment: draft.environment,
    readOnly: draft.readOnly,
    unmaskedExport: draft.unmaskedExport,
    ...(sasl && draft.mechanism ? { mechanism: draft.mechanism } : {}),
    ...(sasl && !token && text(draft.username) ? { username: text(draft.username) } : {}),
    ...(password ? { password } : {}),
    ...(token
      ? {
          ...(text(draft.tokenEndpoint) ? { tokenEndpoint: text(draft.tokenEndpoint) } : {}),
          ...(text(draft.clientId) ? { clientId: text(draft.clientId) } : {}),
          ...(clientSecret ? { clientSecret } : {}),
          scope: draft.scope,
          clientAuth: draft.clientAuth,
        }
      : {}),
    ...(tls
      ? {
          caFile: text(draft.caFile),
          certFile: text(draft.certFile),
          keyFile: text(draft.keyFile),
          ...(keyPassphrase ? { keyPassphrase } : {}),
          verifyHostname: draft.verifyHostname,
        }
      : {}),
    ...(text(draft.pipelineMapFile) ? { pipelineMapFile: text(draft.pipelineMapFile) } : {}),
    ...registryOf(draft),
  };
}

/** The first problem of each field, keyed by the field's name. */
export function draftProblems(draft: ProfileDraft): Partial<Record<keyof ProfileDraft, string>> {
  const parsed = connectionProfileSchema.safeParse(draftToProfile(draft));
  const problems = registryDraftProblems(draft);
  if (parsed.success) return problems;
  for (const issue of parsed.error.issues) {
    // A secret's own problem (`password.name`: not a variable name) is the field's problem.
    const field = String(issue.path[0] ?? 'name') as keyof ProfileDraft;
    problems[field] ??= issue.message;
  }
  return problems;
}
