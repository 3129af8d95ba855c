// A calm banner for outages: what cannot be reached, why, and that it retries by itself.
import type { ConnectionSummary } from './useConnectionSummary';

export function StatusBanner({ summary }: { summary: ConnectionSummary }) {
  if (summary.link) {
    return (
      <div className="banner banner-problem" role="alert" data-testid="backend-banner">
        <strong>{summary.link.headline}</strong> — {summary.link.detail}
      </div>
    );
  }
  if (summary.status?.state === 'unreachable' && summary.cluster) {
    return (
      <div className="banner banner-problem" role="alert" data-testid="unreachable-banner">
        <strong>{summary.cluster.headline}</strong> —{' '}
        <span data-testid="unreachable-reason">{summary.cluster.detail}</span>.{' '}
        <span className="banner-note">
          Eventdesk keeps trying by itself; anything already on screen stays visible, marked stale.
        </span>
      </div>
    );
  }
  if (summary.statusError && summary.statusError.code !== 'not_connected') {
    return (
      <div className="banner banner-problem" role="alert" data-testid="status-error-banner">
        <strong>Cannot read the connection state.</strong> {summary.statusError.message}
      </div>
    );
  }
  return null;
}
