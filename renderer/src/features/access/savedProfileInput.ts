// A saved profile as `access.saveProfile` takes it again, to supply a secret that an earlier run could not keep:
// every other secret is kept where it is (a typed one as `keep`, a file or variable by its name), the missing
// ones are what the person typed now. The view never held a secret, so none can leak back through this.
import {
  type ConnectionProfileInput,
  type ProfileView,
  type SecretSource,
  type SecretView,
} from '../../../../shared/access';

export const SECRET_VIEW_FIELDS = [
  'password',
  'keyPassphrase',
  'clientSecret',
  'schemaRegistryPassword',
  'schemaRegistryToken',
] as const;
export type SecretViewField = (typeof SECRET_VIEW_FIELDS)[number];

export const secretWords: Record<SecretViewField, string> = {
  password: 'password',
  keyPassphrase: 'key passphrase',
  clientSecret: 'client secret',
  schemaRegistryPassword: 'schema registry password',
  schemaRegistryToken: 'schema registry token',
};

/** The secrets of a saved profile that must be entered again, with the reason main gives. */
export function missingSecrets(view: ProfileView): Array<{ field: SecretViewField; reason: string }> {
  return SECRET_VIEW_FIELDS.flatMap((field) => {
    const secret = view[field];
    return secret?.from === 'absent' ? [{ field, reason: secret.reason }] : [];
  });
}

function sourceOf(secret: SecretView, typed: string | undefined): SecretSource | undefined {
  if (secret.from === 'memory') return { from: 'keep' };
  if (secret.from === 'file') return { from: 'file', path: secret.path };
  if (secret.from === 'env') return { from: 'env', name: secret.name };
  return typed ? { from: 'value', value: typed } : undefined;
}

export function profileWithSecrets(
  view: ProfileView,
  typed: Partial<Record<SecretViewField, string>>,
): ConnectionProfileInput {
  const {
    hasPassword: _hasPassword,
    hasKeyPassphrase: _hasKeyPassphrase,
    hasClientSecret: _hasClientSecret,
    ...rest
  } = view;
  const profile: ConnectionProfileInput = {
    ...rest,
    bootstrap: view.bootstrap.join(','),
  } as ConnectionProfileInput;
  for (const field of SECRET_VIEW_FIELDS) {
    const secret = view[field];
    const source = secret ? sourceOf(secret, typed[field]) : undefined;
    if (source) profile[field] = source;
    else delete profile[field];
  }
  return profile;
}
