// Chooses, once at start-up, how this renderer reaches its backend: Electron IPC when the preload
// exposed window.eventdesk, otherwise the loopback bridge's WebSocket on the page's own host.
import type { EventdeskApi, Transport } from '../../../shared/contract';
import { appError } from './appError';
import { BridgeTransport, browserSocketFactory, httpDiagnosis } from './bridgeTransport';
import { bridgeSocketUrl, takeBridgeToken } from './bridgeToken';
import { createIpcTransport } from './ipcTransport';
import { fixedLink, type ConsoleTransport } from './linkStatus';

export type { ConsoleTransport } from './linkStatus';

declare global {
  interface Window {
    eventdesk?: EventdeskApi;
  }
}

export const TOKEN_MISSING_MESSAGE =
  'This page was opened without its access token. Open the full address printed by "npm run console" (it ends in ?token=…).';

function tokenMissingTransport(): ConsoleTransport {
  const error = appError('forbidden', TOKEN_MISSING_MESSAGE);
  return {
    kind: 'bridge',
    link: fixedLink({ state: 'token_missing', message: TOKEN_MISSING_MESSAGE }),
    invoke: (() => Promise.resolve({ ok: false, error })) as Transport['invoke'],
  };
}

export function createTransport(win: Window = window): ConsoleTransport {
  if (win.eventdesk) return createIpcTransport(win.eventdesk);
  const token = takeBridgeToken({
    href: win.location.href,
    storage: win.sessionStorage,
    replaceUrl: (url) => win.history.replaceState(win.history.state, '', url),
  });
  if (!token) return tokenMissingTransport();
  return new BridgeTransport({
    url: bridgeSocketUrl(win.location.href, token),
    createSocket: browserSocketFactory,
    diagnose: httpDiagnosis(win.location.origin, token),
  });
}
