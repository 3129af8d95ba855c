// Chooses, once at start-up, how this renderer reaches its backend: Electron IPC when the preload
// exposed window.eventdesk, otherwise the loopback bridge's WebSocket on the page's own host.
import type { EventdeskApi } from '../../../shared/contract';
import { BridgeTransport, browserSocketFactory, httpDiagnosis } from './bridgeTransport';
import { bridgeSocketUrl, takeBridgeToken } from './bridgeToken';
import { createIpcTransport } from './ipcTransport';
import type { ConsoleTransport } from './linkStatus';

export type { ConsoleTransport } from './linkStatus';

declare global {
  interface Window {
    eventdesk?: EventdeskApi;
  }
}

export const TOKEN_MISSING_MESSAGE =
  'This page was opened without its access token. Open the full address printed by "npm run console" (it ends in ?token=…).';

export function createTransport(win: Window = window): ConsoleTransport {
  if (win.eventdesk) return createIpcTransport(win.eventdesk);
  const token = takeBridgeToken({
    href: win.location.href,
    storage: win.sessionStorage,
    replaceUrl: (url) => win.history.replaceState(win.history.state, '', url),
  });
  // Without a token (a link opened in a new tab) the bridge's session cookie may still let the page in.
  return new BridgeTransport({
    url: bridgeSocketUrl(win.location.href, token),
    createSocket: browserSocketFactory,
    diagnose: httpDiagnosis(win.location.origin, token),
    ...(token === null ? { refusal: { state: 'token_missing', message: TOKEN_MISSING_MESSAGE } } : {}),
  });
}
