// A band across the window in the connection profile's environment colour, so nobody mistakes production for
// a test cluster; it also says when the profile is read-only.
import type { ConnectionAccess } from '../../../../shared/access';

export function EnvironmentBand({ access }: { access: ConnectionAccess | undefined }) {
  if (!access) return null;
  return (
    <div
      className={`environment-band environment-${access.environment}`}
      data-testid="environment-band"
      data-environment={access.environment}
      role="status"
    >
      {access.environment} · {access.profile}
      {access.principal ? ` · ${access.principal}` : ''}
      {access.readOnly ? ' · read-only' : ''}
    </div>
  );
}
