// Serves the built renderer at app://eventdesk/ instead of file:// (a custom origin gets normal
// same-origin rules and lets IPC check exactly who is calling).
import { net, protocol } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../../shared/contentSecurityPolicy';
import { APP_SCHEME, appRequestPath } from './trust';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRendererFrom(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const relative = appRequestPath(request.url);
    if (relative === null) return new Response('Not found', { status: 404 });
    let file = resolve(join(root, relative));
    if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 });
    // Client-side routes without a file extension get the app shell.
    if (!existsSync(file) && !/\.[a-z0-9]+$/i.test(relative)) file = join(root, 'index.html');
    if (!existsSync(file)) return new Response('Not found', { status: 404 });
    const served = await net.fetch(pathToFileURL(file).toString());
    // Set here as well as in the session hook: responses of a protocol handler may never pass that hook.
    const headers = new Headers(served.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    return new Response(served.body, { status: served.status, statusText: served.statusText, headers });
  });
}
