// What the header and the banner say about the cluster and the backend link, in plain words.
import type { ConnectionStatus } from '../../../../shared/cluster';
import type { BackendLinkStatus } from '../../api/linkStatus';
import { secondsUntil } from '../../format/time';

export type Tone = 'ok' | 'pending' | 'problem' | 'idle';

export interface StatusText {
  tone: Tone;
  headline: string;
  /** The reason and what happens next, when there is a problem. */
  detail?: string;
}

export function clusterLabel(bootstrap: readonly string[]): string {
  if (bootstrap.length === 0) return 'the cluster';
  if (bootstrap.length === 1) return bootstrap[0] ?? 'the cluster';
  return `${bootstrap[0]} (+${bootstrap.length - 1} more)`;
}

export function retryText(nextRetryAt: number | undefined, attempts: number, now: number): string {
  const attempt = attempts > 0 ? ` (attempt ${attempts})` : '';
  if (nextRetryAt === undefined) return `retrying${attempt}`;
  const seconds = secondsUntil(nextRetryAt, now);
  return seconds === 0 ? `retrying now${attempt}` : `retrying in ${seconds} s${attempt}`;
}

/** The backend's message often repeats "Cannot reach <broker>: "; the headline already says that. */
export function failureReason(error: string | undefined): string {
  if (!error) return 'no answer from the broker';
  return error.replace(/^Cannot (?:reach|connect to) \S+?: /, '');
}

export function describeConnection(status: ConnectionStatus, now: number): StatusText {
  const target = clusterLabel(status.bootstrap);
  switch (status.state) {
    case 'connected':
      return { tone: 'ok', headline: `Connected to ${target}` };
    case 'connecting':
      return { tone: 'pending', headline: `Connecting to ${target}…` };
    case 'unreachable':
      return {
        tone: 'problem',
        headline: `Cannot reach ${target}`,
        detail: `${failureReason(status.error)}, ${retryText(status.nextRetryAt, status.attempts, now)}`,
      };
    case 'disconnected':
      return { tone: 'idle', headline: 'Not connected to a cluster' };
  }
}

export function describeLink(link: BackendLinkStatus, now: number): StatusText | null {
  switch (link.state) {
    case 'open':
      return null;
    case 'connecting':
      return { tone: 'pending', headline: 'Connecting to the console backend…' };
    case 'reconnecting':
      return {
        tone: 'problem',
        headline: 'Lost the console backend',
        detail: `${link.reason}, ${retryText(link.retryAt, link.attempt, now)}`,
      };
    case 'token_rejected':
    case 'token_missing':
      return { tone: 'problem', headline: 'The console backend refused this page', detail: link.message };
  }
}
