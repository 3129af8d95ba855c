// How long a revealed record stays plain on screen: main sets the end (shared REVEAL_DURATION_MS), the page counts down.
import type { RevealAuditEntry } from '../../../../shared/privacy';

/** Milliseconds left of a reveal, 0 once it is over, never more than it lasts (a clock a tick behind). */
export function revealRemainingMs(audit: Pick<RevealAuditEntry, 'at' | 'expiresAt'>, now: number): number {
  return Math.min(audit.expiresAt - audit.at, Math.max(0, audit.expiresAt - now));
}

/** `4:05` (minutes:seconds, rounded up so the last second shows `0:01`, never `0:00` while still revealed). */
export function formatCountdown(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
