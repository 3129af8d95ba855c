// Times shown to people: wall-clock for "as of", whole seconds for countdowns.

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Whole seconds until `at`, never negative: "retrying in 3 s", then "retrying now". */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function formatAgo(thenMs: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - thenMs) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
}

/** A duration in the largest sensible units: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** The local zone's short name at that instant ("UTC", "CET", "GMT+1"): a time without its zone is a guess. */
export function zoneName(epochMs: number): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short' })
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'local time';
}

/** Date and time to the second, in the person's local zone (named), in a fixed, sortable shape. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zoneName(epochMs)}`;
}

/** How long until a due time: "in 40 s", "in 3 min 20 s", then "due now" once it has passed. */
export function formatIn(at: number, now: number): string {
  const seconds = secondsUntil(at, now);
  return seconds === 0 ? 'due now' : `in ${formatDuration(seconds * 1000)}`;
}
