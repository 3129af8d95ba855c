// The profiles main holds for this run, to switch between clusters with one click. Only where each secret
// comes from is shown; main never sends the secret itself.
import type { ProfileView } from '../../../../shared/access';
import { useConnectProfile, useProfiles } from '../../api/access';
import { ErrorPanel } from '../../components/QueryStates';

const secretNote = (p: ProfileView) => {
  const [what, secret] = p.clientSecret ? ['client secret', p.clientSecret] : ['password', p.password];
  if (!secret) return '';
  if (secret.from === 'memory') return ` · ${what} kept for this run`;
  if (secret.from === 'file') return ` · ${what} from ${secret.path}`;
  return ` · ${what} from $${secret.name}`;
};

export function SavedProfiles({ onConnected }: { onConnected: () => void }) {
  const profiles = useProfiles();
  const connect = useConnectProfile();
  if (!profiles.data || profiles.data.length === 0) return null;
  return (
    <section className="saved-profiles" aria-labelledby="saved-profiles-title" data-testid="saved-profiles">
      <h2 id="saved-profiles-title">Saved profiles</h2>
      <ul>
        {profiles.data.map((p) => (
          <li key={p.name} data-testid={`saved-profile-${p.name}`}>
            <span className={`environment-chip environment-${p.environment}`}>{p.environment}</span>{' '}
            <strong>{p.name}</strong> {p.protocol}
            {p.mechanism ? ` ${p.mechanism}` : ''} · {p.bootstrap.join(', ')}
            {p.readOnly ? ' · read-only' : ''}
            {p.unmaskedExport ? ' · unmasked exports' : ''}
            {secretNote(p)}{' '}
            <button
              type="button"
              disabled={connect.isPending}
              onClick={() => connect.mutate({ name: p.name }, { onSuccess: onConnected })}
            >
              Connect
            </button>
          </li>
        ))}
      </ul>
      {connect.error ? <ErrorPanel error={connect.error} what="connect with this profile" /> : null}
    </section>
  );
}
