// The top bar: product name, the cluster connection state in words, and a way to switch clusters.
import { routeHref } from './route';
import type { ConnectionSummary } from './useConnectionSummary';

export function ConnectionHeader({ summary }: { summary: ConnectionSummary }) {
  const shown = summary.link ?? summary.cluster;
  const tone = shown?.tone ?? 'pending';
  const headline =
    shown?.headline ?? (summary.statusError ? 'Connection state unknown' : 'Checking connection…');
  return (
    <header className="app-header">
      <a className="brand" href={routeHref({ page: 'home' })}>
        Eventdesk
      </a>
      <div
        className={`connection connection-${tone}`}
        data-testid="connection-state"
        data-state={summary.link ? 'backend' : (summary.status?.state ?? 'unknown')}
        role="status"
        aria-live="polite"
      >
        <span className="connection-dot" aria-hidden="true" />
        <span className="connection-headline">{headline}</span>
        {shown?.detail ? <span className="connection-detail">— {shown.detail}</span> : null}
      </div>
      <a className="header-action" href={routeHref({ page: 'connect' })} data-testid="change-cluster">
        Change cluster
      </a>
    </header>
  );
}
