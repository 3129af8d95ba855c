// The renderer's Content-Security-Policy, sent as a header by both shells (Electron's app:// protocol
// and the loopback bridge). Only connect-src differs: the bridge page must open its own WebSocket.

export interface CspOptions {
  /** Extra connect-src sources, e.g. the bridge's ws:// origin. */
  connectSources?: string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
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
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
