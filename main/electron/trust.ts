// Pure checks behind the Electron shell's security decisions (no 'electron' import, so they are
// unit-tested without an Electron binary). URLs are parsed with new URL(), never compared by prefix.

/** The renderer is served from this origin by the app:// protocol handler; nothing else is trusted. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'eventdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Sites the app may open in the system browser (help and project pages). Exact host names. */
export const EXTERNAL_HOSTS_ALLOWED: ReadonlySet<string> = new Set([
  'github.com',
  'kafka.apache.org',
  'www.electronjs.org',
]);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs served by our own app:// protocol (without credentials or an odd port). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === ''
  );
}

/** What the IPC layer knows about the frame that sent a message. */
export interface SenderFrameInfo {
  url: string;
  /** The top-level frame has no parent; iframes never get to call the backend. */
  isMainFrame: boolean;
}

export function isTrustedSenderFrame(frame: SenderFrameInfo | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}

/** Only https links to allow-listed hosts go to the system browser; everything else is dropped. */
export function isAllowedExternalUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    EXTERNAL_HOSTS_ALLOWED.has(u.hostname)
  );
}

/**
 * Maps an app:// request to a file path relative to the renderer folder, or null when the request
 * is not ours or tries to leave the folder. "/" means index.html.
 */
export function appRequestPath(url: string): string | null {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return null;
    segments.push(segment);
  }
  return segments.length === 0 ? 'index.html' : segments.join('/');
}
