// The renderer's Content-Security-Policy, sent as a header by both shells (Electron's app:// protocol
// and the loopback bridge) and carried by the built index.html as a meta tag, because responses of a
// custom protocol handler may never pass the header hook (Electron issues #6021, #45865). Only connect-src
// differs: the bridge page must open its own WebSocket.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the bridge's ws:// origin. */
  connectSources?: string[];
}

type Directives = Array<[string, string[]]>;

function directives(options: CspOptions): Directives {
  return [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // React and recharts set inline style attributes; scripts stay strictly same-origin.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connectSources ?? [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'"]],
  ];
}

const format = (list: Directives): string =>
  list.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return format(directives(options));
}

/** Loopback WebSocket origins: the meta policy cannot know the bridge's port; the header then narrows it. */
export const LOOPBACK_SOCKETS = ['ws://127.0.0.1:*', 'ws://localhost:*'];

/**
 * The same policy for a `<meta http-equiv>` tag in index.html. Both a header and a meta policy are enforced
 * together (each must allow a request), so the meta one only adds loopback sockets for the bridge, and it
 * leaves out frame-ancestors, which browsers ignore in a meta policy.
 */
export function metaContentSecurityPolicy(): string {
  return format(
    directives({ connectSources: LOOPBACK_SOCKETS }).filter(([name]) => name !== 'frame-ancestors'),
  );
}
