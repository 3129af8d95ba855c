// The one place a BrowserWindow is made. Secure defaults are spelled out, not inherited, so a review
// (and a grep) sees them: isolation, sandbox, no Node, CSP header, app:// only, no navigation, no popups.
import { BrowserWindow, session, shell, type Session } from 'electron';
import { contentSecurityPolicy } from '../../shared/contentSecurityPolicy';
import { APP_ENTRY_URL, isAllowedExternalUrl, isAppUrl } from './trust';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath?: string;
}

let sessionHardened = false;

/** Session-wide rules: CSP on every response, no permission but notifications, no webviews. Installed once. */
export function hardenSession(target: Session = session.defaultSession): void {
  if (sessionHardened) return;
  sessionHardened = true;
  const csp = contentSecurityPolicy();
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  // Desktop notifications of stage incidents are the one permission; no camera, geolocation, clipboard, ...
  target.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'notifications'),
  );
  target.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  hardenSession();
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Eventdesk',
    icon: options.iconPath,
    backgroundColor: '#0f1419',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  });

  const contents = window.webContents;
  // In-app navigation is client-side routing; a real navigation anywhere is refused, links to
  // allow-listed https pages open in the system browser instead.
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
