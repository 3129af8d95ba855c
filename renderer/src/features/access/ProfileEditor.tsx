// The connection profile editor: checks the profile as the person types and names the field of each problem,
// tests the connection step by step, and connects with it. A secret (password, OAuth client secret) is typed in
// or named as a file or environment variable; it goes to main and never comes back.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  ENVIRONMENTS,
  SASL_MECHANISMS,
  SECURITY_PROTOCOLS,
  usesSasl,
  usesTls,
  usesToken,
  type ConnectionTestResult,
} from '../../../../shared/access';
import { useConnectProfile, useSaveProfile, useTestConnection } from '../../api/access';
import { ErrorPanel } from '../../components/QueryStates';
import {
  draftProblems,
  draftToProfile,
  emptyDraft,
  type DraftSecretField,
  type ProfileDraft,
  type RegistryAuth,
  type SecretFrom,
} from './profileDraft';

/** The fields under "More": closed by default, opened when one of them has a problem to show. */
const MORE_FIELDS = [
  'pipelineMapFile',
  'schemaRegistryUrl',
  'schemaRegistryUsername',
  'schemaRegistryPassword',
  'schemaRegistryToken',
] as const;

const registryAuthOptions: Record<RegistryAuth, string> = {
  none: 'no sign-in',
  basic: 'basic auth (user and password)',
  token: 'bearer token',
};

/** What each source of a secret is called, and what its text field then holds. */
const secretSources: Record<SecretFrom, { option: string; suffix: string; placeholder: string }> = {
  value: { option: 'typed here (kept for this run)', suffix: '', placeholder: '' },
  file: {
    option: 'read from a file',
    suffix: ' file',
    placeholder: '/path/to/secret (read when connecting)',
  },
  env: { option: 'from an environment variable', suffix: ' variable', placeholder: 'VARIABLE_NAME' },
};

type Field = keyof ProfileDraft;

function Row({
  field,
  label,
  problem,
  children,
}: {
  field: Field;
  label: string;
  problem: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className="profile-row">
      <label htmlFor={`profile-${field}`}>{label}</label>
      {children}
      {problem ? (
        <p className="field-problem" role="alert" data-testid={`profile-problem-${field}`}>
          {field}: {problem}
        </p>
      ) : null}
    </div>
  );
}

function TestSteps({ result }: { result: ConnectionTestResult }) {
  // The steps come in below the form: brought into view, or a person at 1280×720 sees nothing happen.
  const list = useRef<HTMLOListElement>(null);
  // A block body: Chromium's scrollIntoView now returns a promise, and an effect may return only its cleanup.
  useEffect(() => {
    list.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  return (
    <ol className="connection-steps" data-testid="connection-steps" ref={list}>
      {result.steps.map((s) => (
        <li key={s.step} data-testid={`step-${s.step}`} data-outcome={s.outcome}>
          <strong>{s.step.toUpperCase()}</strong> {s.outcome}
          {s.outcome === 'skipped' ? null : ` (${s.ms} ms)`}: {s.detail}
        </li>
      ))}
    </ol>
  );
}

export function ProfileEditor({ onConnected }: { onConnected: () => void }) {
  const [draft, setDraft] = useState<ProfileDraft>(emptyDraft);
  const [touched, setTouched] = useState<Set<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const save = useSaveProfile();
  const test = useTestConnection();
  const connect = useConnectProfile();

  const problems = draftProblems(draft);
  const serverError = save.error ?? connect.error ?? test.error;
  const serverField = serverError?.field?.replace(/^profile\./, '') as Field | undefined;
  const problemOf = (field: Field): string | undefined => {
    if (serverField === field && serverError) return serverError.message.replace(/^[\w.]+: /, '');
    return submitted || touched.has(field) ? problems[field] : undefined;
  };
  const set = <F extends Field>(field: F, value: ProfileDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => new Set(t).add(field));
    save.reset();
    connect.reset();
  };
  const valid = Object.keys(problems).length === 0;
  const text = (field: Field, label: string, type = 'text') => (
    <Row field={field} label={label} problem={problemOf(field)}>
      <input
        id={`profile-${field}`}
        type={type}
        autoComplete="off"
        spellCheck={false}
        value={String(draft[field])}
        aria-invalid={problemOf(field) ? true : undefined}
        onChange={(e) => set(field, e.target.value as never)}
      />
    </Row>
  );
  const choice = <F extends 'protocol' | 'mechanism' | 'environment' | 'schemaRegistryAuth'>(
    field: F,
    label: string,
    options: readonly string[],
  ) => (
    <Row field={field} label={label} problem={problemOf(field)}>
      <select
        id={`profile-${field}`}
        value={draft[field]}
        onChange={(e) => set(field, e.target.value as ProfileDraft[F])}
      >
        {field === 'mechanism' ? <option value="">choose…</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {field === 'schemaRegistryAuth' ? registryAuthOptions[o as RegistryAuth] : o}
          </option>
        ))}
      </select>
    </Row>
  );
  const secret = (field: DraftSecretField, label: string) => {
    const fromField = `${field}From` as const;
    const from = draft[fromField];
    const source = secretSources[from];
    return (
      <Row field={field} label={`${label}${source.suffix}`} problem={problemOf(field)}>
        <div className="secret-input">
          <select
            id={`profile-${fromField}`}
            aria-label={`${label} from`}
            value={from}
            onChange={(e) => {
              // A typed secret is not a path or a variable name: the text starts again.
              set(fromField, e.target.value as SecretFrom);
              set(field, '');
            }}
          >
            {(Object.keys(secretSources) as SecretFrom[]).map((f) => (
              <option key={f} value={f}>
                {secretSources[f].option}
              </option>
            ))}
          </select>
          <input
            id={`profile-${field}`}
            type={from === 'value' ? 'password' : 'text'}
            autoComplete="off"
            spellCheck={false}
            placeholder={source.placeholder}
            value={draft[field]}
            aria-invalid={problemOf(field) ? true : undefined}
            onChange={(e) => set(field, e.target.value)}
          />
        </div>
      </Row>
    );
  };
  const moreProblem = MORE_FIELDS.some((field) => problemOf(field) !== undefined);
  const flag = (field: 'verifyHostname' | 'readOnly' | 'unmaskedExport', label: string) => (
    <div className="profile-row profile-flag">
      <input
        id={`profile-${field}`}
        type="checkbox"
        checked={draft[field]}
        onChange={(e) => set(field, e.target.checked)}
      />
      <label htmlFor={`profile-${field}`}>{label}</label>
    </div>
  );

  const profile = () => draftToProfile(draft);
  return (
    <section className="profile-editor" aria-labelledby="profile-title" data-testid="profile-editor">
      <h2 id="profile-title">Connect with a profile</h2>
      <p className="hint">
        For clusters that need SASL or TLS. Passwords and client secrets stay in the console backend.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (!valid) return;
          save.mutate(
            { profile: profile() },
            {
              onSuccess: (view) => connect.mutate({ name: view.name }, { onSuccess: onConnected }),
            },
          );
        }}
      >
        {text('name', 'Profile name')}
        {text('bootstrap', 'Broker addresses (host:port, comma-separated)')}
        {choice('protocol', 'Security protocol', SECURITY_PROTOCOLS)}
        {usesSasl(draft.protocol) ? (
          <>
            {choice('mechanism', 'SASL mechanism', SASL_MECHANISMS)}
            {usesToken(draft.mechanism || undefined) ? (
              <>
                {text('tokenEndpoint', 'Token endpoint URL')}
                {text('clientId', 'Client id')}
                {secret('clientSecret', 'Client secret')}
                {text('scope', 'Scope (optional)')}
                <Row field="clientAuth" label="Client credentials sent as" problem={problemOf('clientAuth')}>
                  <select
                    id="profile-clientAuth"
                    value={draft.clientAuth}
                    onChange={(e) => set('clientAuth', e.target.value as ProfileDraft['clientAuth'])}
                  >
                    <option value="basic">HTTP basic auth</option>
                    <option value="body">client_id and client_secret in the form body</option>
                  </select>
                </Row>
              </>
            ) : (
              <>
                {text('username', 'User name')}
                {secret('password', 'Password')}
              </>
            )}
          </>
        ) : null}
        {usesTls(draft.protocol) ? (
          <>
            {text('caFile', 'CA file (PEM)')}
            {text('certFile', 'Client certificate file (PEM)')}
            {text('keyFile', 'Client key file (PEM)')}
            {draft.keyFile.trim()
              ? secret('keyPassphrase', 'Client key passphrase (if the key has one)')
              : null}
            {flag('verifyHostname', 'Verify the broker’s host name')}
          </>
        ) : null}
        {choice('environment', 'Environment', ENVIRONMENTS)}
        {flag('readOnly', 'Read-only (the console refuses every write)')}
        {flag('unmaskedExport', 'Unmasked exports (audit CSV/JSON carry personal data in the clear)')}
        <details
          className="profile-more"
          open={moreOpen || moreProblem}
          onToggle={(e) => setMoreOpen(e.currentTarget.open)}
          data-testid="profile-more"
        >
          <summary>Pipeline map and schema registry (optional)</summary>
          {text('pipelineMapFile', 'Pipeline map file (else the console’s own)')}
          {text('schemaRegistryUrl', 'Schema registry URL (Confluent-compatible API)')}
          {choice('schemaRegistryAuth', 'Schema registry sign-in', Object.keys(registryAuthOptions))}
          {draft.schemaRegistryAuth === 'basic' ? (
            <>
              {text('schemaRegistryUsername', 'Schema registry user name')}
              {secret('schemaRegistryPassword', 'Schema registry password')}
            </>
          ) : null}
          {draft.schemaRegistryAuth === 'token'
            ? secret('schemaRegistryToken', 'Schema registry token')
            : null}
        </details>
        <div className="form-actions">
          <button
            type="button"
            disabled={!valid || test.isPending}
            onClick={() => test.mutate({ profile: profile() })}
            data-testid="profile-test"
          >
            {test.isPending ? 'Testing…' : 'Test connection'}
          </button>
          <button type="submit" disabled={save.isPending || connect.isPending} data-testid="profile-connect">
            {connect.isPending ? 'Connecting…' : 'Save and connect'}
          </button>
        </div>
      </form>
      {test.data ? <TestSteps result={test.data} /> : null}
      {serverError && !serverField ? <ErrorPanel error={serverError} what="use this profile" /> : null}
    </section>
  );
}
