// The saved profiles, to switch between clusters with one click. Only where each secret comes from is shown;
// main never sends the secret itself. A typed secret an earlier run could not keep (no keychain) is asked for
// here, beside the profile, with main's reason; the rest of the profile is kept as saved.
import { useState } from 'react';
import type { ProfileView } from '../../../../shared/access';
import { useConnectProfile, useProfiles, useSaveProfile } from '../../api/access';
import { ErrorPanel } from '../../components/QueryStates';
import { missingSecrets, profileWithSecrets, secretWords, type SecretViewField } from './savedProfileInput';

const secretNote = (p: ProfileView) => {
  const [what, secret] = p.clientSecret ? ['client secret', p.clientSecret] : ['password', p.password];
  if (!secret || secret.from === 'absent') return '';
  if (secret.from === 'memory')
    return secret.keychain
      ? ` · ${what} in the keychain (${secret.keychain})`
      : ` · ${what} kept for this run`;
  if (secret.from === 'file') return ` · ${what} from ${secret.path}`;
  return ` · ${what} from $${secret.name}`;
};

function SavedProfile({ profile: p, onConnected }: { profile: ProfileView; onConnected: () => void }) {
  const connect = useConnectProfile();
  const save = useSaveProfile();
  const missing = missingSecrets(p);
  const [typed, setTyped] = useState<Partial<Record<SecretViewField, string>>>({});
  const complete = missing.every(({ field }) => (typed[field] ?? '') !== '');
  const connectNow = () => connect.mutate({ name: p.name }, { onSuccess: onConnected });
  const error = save.error ?? connect.error;
  return (
    <li data-testid={`saved-profile-${p.name}`}>
      <span className={`environment-chip environment-${p.environment}`}>{p.environment}</span>{' '}
      <strong>{p.name}</strong> {p.protocol}
      {p.mechanism ? ` ${p.mechanism}` : ''} · {p.bootstrap.join(', ')}
      {p.readOnly ? ' · read-only' : ''}
      {p.unmaskedExport ? ' · unmasked exports' : ''}
      {secretNote(p)}{' '}
      {missing.length === 0 ? (
        <button type="button" disabled={connect.isPending} onClick={connectNow}>
          Connect
        </button>
      ) : (
        <form
          className="secret-again"
          data-testid={`secret-again-${p.name}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!complete) return;
            save.mutate({ profile: profileWithSecrets(p, typed) }, { onSuccess: connectNow });
          }}
        >
          {missing.map(({ field, reason }) => (
            <div key={field} className="profile-row">
              <label htmlFor={`again-${p.name}-${field}`}>Enter the {secretWords[field]} again</label>
              <p className="hint">{reason}</p>
              <input
                id={`again-${p.name}-${field}`}
                type="password"
                autoComplete="off"
                value={typed[field] ?? ''}
                onChange={(e) => setTyped((t) => ({ ...t, [field]: e.target.value }))}
              />
            </div>
          ))}
          <button type="submit" disabled={!complete || save.isPending || connect.isPending}>
            Connect
          </button>
        </form>
      )}
      {error ? <ErrorPanel error={error} what="connect with this profile" /> : null}
    </li>
  );
}

export function SavedProfiles({ onConnected }: { onConnected: () => void }) {
  const profiles = useProfiles();
  if (!profiles.data || profiles.data.length === 0) return null;
  return (
    <section className="saved-profiles" aria-labelledby="saved-profiles-title" data-testid="saved-profiles">
      <h2 id="saved-profiles-title">Saved profiles</h2>
      <ul>
        {profiles.data.map((p) => (
          <SavedProfile key={p.name} profile={p} onConnected={onConnected} />
        ))}
      </ul>
    </section>
  );
}
