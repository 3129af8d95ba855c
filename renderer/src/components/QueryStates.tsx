// The calm, explicit states every data view shares: loading (with a reason), error, empty, stale, gone.
import type { ReactNode } from 'react';
import type { AppError } from '../../../shared/failure';
import { formatClock } from '../format/time';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" data-testid="loading">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="state state-empty" data-testid="empty">
      {children}
    </p>
  );
}

const errorTitles: Record<AppError['code'], string> = {
  invalid_input: 'The request was not valid',
  not_connected: 'Not connected to a cluster',
  unreachable: 'Cannot reach the cluster',
  auth: 'The cluster refused the credentials',
  not_found: 'Gone',
  forbidden: 'Not allowed',
  refused: 'Refused by a safety check',
  transient: 'Kafka is busy for a moment',
  cancelled: 'Cancelled',
  internal: 'Something went wrong',
};

export function ErrorPanel({ error, what, action }: { error: AppError; what: string; action?: ReactNode }) {
  if (error.code === 'unreachable') {
    // Not a failure of this page: the banner above explains the outage; here, only that the page waits.
    return (
      <div className="state state-waiting" role="status" data-testid="error-panel" data-code={error.code}>
        <strong>Nothing loaded yet ({what})</strong>
        <span>{error.message}</span>
        <span className="muted">This fills in by itself once there is an answer.</span>
        {action}
      </div>
    );
  }
  return (
    <div className="state state-error" role="alert" data-testid="error-panel" data-code={error.code}>
      <strong>
        {errorTitles[error.code]} ({what})
      </strong>
      <span>{error.message}</span>
      {error.detail ? <small className="muted">{error.detail}</small> : null}
      {action}
    </div>
  );
}

/** Shown above data that is still on screen but could not be refreshed. */
export function StaleNote({ updatedAt, error }: { updatedAt: number; error: AppError }) {
  return (
    <p className="stale-note" role="status" data-testid="stale-marker">
      <span className="badge badge-stale">Stale</span> Last updated at {formatClock(updatedAt)};{' '}
      {error.code === 'unreachable' ? 'the cluster is not answering.' : `refreshing failed: ${error.message}`}
    </p>
  );
}

export function Gone({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-gone" role="status" data-testid="gone-notice">
      <span className="badge badge-gone">Gone</span>
      <span>{children}</span>
      {action}
    </div>
  );
}
