// Links a ticket can carry: eventdesk://payment/<id>, eventdesk://dlq/<topic>, eventdesk://topic/<name> and
// eventdesk://group/<id> open that view in the desktop app; the browser console uses the same hash routes.
export const DEEP_LINK_SCHEME = 'eventdesk';

export type DeepLinkKind = 'payment' | 'dlq' | 'topic' | 'group';

const routePrefix: Record<DeepLinkKind, string> = {
  payment: '#/payments/',
  dlq: '#/dlq/',
  topic: '#/topics/',
  group: '#/groups/',
};

function isKind(kind: string): kind is DeepLinkKind {
  return Object.prototype.hasOwnProperty.call(routePrefix, kind);
}

/** The app link of one object. */
export function deepLink(kind: DeepLinkKind, name: string): string {
  return `${DEEP_LINK_SCHEME}://${kind}/${encodeURIComponent(name)}`;
}

/**
 * The console's hash route for an app link, or null for anything else (another scheme, an unknown kind, no
 * name, broken percent-encoding, over 2 KiB). Ids may contain "/", so the name is everything after the kind.
 */
export function deepLinkHash(link: string): string | null {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  if (link.length > 2048 || !link.toLowerCase().startsWith(prefix)) return null;
  let end = link.length;
  while (end > prefix.length && link[end - 1] === '/') end--;
  const rest = link.slice(prefix.length, end);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const kind = rest.slice(0, slash).toLowerCase();
  if (!isKind(kind)) return null;
  let name: string;
  try {
    name = decodeURIComponent(rest.slice(slash + 1));
  } catch {
    return null;
  }
  if (name === '' || name.includes('\u0000')) return null;
  return `${routePrefix[kind]}${encodeURIComponent(name)}`;
}

/** The first app link among a process's arguments (how Windows and Linux hand one to the app). */
export function deepLinkInArgs(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}
