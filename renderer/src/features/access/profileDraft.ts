// The profile editor's form state as the profile schema's input, and the schema's problems by field, so the
// form can show each problem beside its field while the person types.
import {
  connectionProfileSchema,
  type ConnectionProfileInput,
  type EnvironmentLabel,
  type SaslMechanism,
  type SecurityProtocol,
  usesSasl,
  usesTls,
} from '../../../../shared/access';

export interface ProfileDraft {
  name: string;
  bootstrap: string;
  protocol: SecurityProtocol;
  mechanism: SaslMechanism | '';
  username: string;
  password: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  verifyHostname: boolean;
  environment: EnvironmentLabel;
  readOnly: boolean;
  unmaskedExport: boolean;
}

export const emptyDraft: ProfileDraft = {
  name: '',
  bootstrap: '',
  protocol: 'PLAINTEXT',
  mechanism: '',
  username: '',
  password: '',
  caFile: '',
  certFile: '',
  keyFile: '',
  verifyHostname: true,
  environment: 'development',
  readOnly: false,
  unmaskedExport: false,
};

/** Only the fields the protocol uses: a SASL field left filled after switching to SSL is not sent. */
export function draftToProfile(draft: ProfileDraft): ConnectionProfileInput {
  const sasl = usesSasl(draft.protocol);
  const tls = usesTls(draft.protocol);
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    name: draft.name,
    bootstrap: draft.bootstrap,
    protocol: draft.protocol,
    environment: draft.environment,
    readOnly: draft.readOnly,
    unmaskedExport: draft.unmaskedExport,
    ...(sasl && draft.mechanism ? { mechanism: draft.mechanism } : {}),
    ...(sasl && text(draft.username) ? { username: text(draft.username) } : {}),
    ...(sasl && draft.password ? { password: { from: 'value' as const, value: draft.password } } : {}),
    ...(tls
      ? {
          caFile: text(draft.caFile),
          certFile: text(draft.certFile),
          keyFile: text(draft.keyFile),
          verifyHostname: draft.verifyHostname,
        }
      : {}),
  };
}

/** The first problem of each field, keyed by the field's name. */
export function draftProblems(draft: ProfileDraft): Partial<Record<keyof ProfileDraft, string>> {
  const parsed = connectionProfileSchema.safeParse(draftToProfile(draft));
  if (parsed.success) return {};
  const problems: Partial<Record<keyof ProfileDraft, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name') as keyof ProfileDraft;
    problems[field] ??= issue.message;
  }
  return problems;
}
