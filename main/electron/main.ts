// Electron entry: lifecycle only. The backend is the same plain-Node one the bridge serves; this file
// wires it to IPC and opens the one window.
import { app, BrowserWindow, ipcMain, Menu, safeStorage, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { bootstrapServersSchema } from '../../shared/bootstrap';
import { DEEP_LINK_SCHEME, deepLinkHash, deepLinkInArgs } from '../../shared/deepLink';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { registerAppScheme, serveRendererFrom } from './appProtocol';
import { registerIpcHandlers, senderFrameInfo } from './ipc';
import { registerLiveIpc } from './ipcLive';
import { createSecretVault } from './secretVault';
import { isTrustedSenderFrame } from './trust';
import { createMainWindow } from './windowFactory';

// Bundled to dist/main/electron/main.cjs: the renderer sits at dist/renderer, the preload beside us.
const distDir = join(__dirname, '..', '..');
const rendererDir = join(distDir, 'renderer');
const preloadPath = join(__dirname, 'preload.cjs');

let backend: ConsoleBackend | undefined;
let mainWindow: BrowserWindow | undefined;

function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

/** An app link that arrived before the window could show it (the app was started by the link). */
let pendingLink: string | null = deepLinkInArgs(process.argv);

/** Shows the view an eventdesk:// link names; anything else is ignored. */
function openLink(link: string | null): void {
  const hash = link === null ? null : deepLinkHash(link);
  if (hash === null) return;
  if (!mainWindow) {
    pendingLink = link;
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
  // A same-document hash change: the console's router follows it. The route is percent-encoded by
  // deepLinkHash and passed as a JSON string, so nothing in the link can become script.
  void mainWindow.webContents.executeJavaScript(`window.location.hash = ${JSON.stringify(hash)};`);
}

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath });
  mainWindow.on('closed', () => (mainWindow = undefined));
  mainWindow.webContents.once('did-finish-load', () => {
    const link = pendingLink;
    pendingLink = null;
    openLink(link);
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Eventdesk is running: it gets focus (below) and this one leaves.
  app.quit();
} else {
  registerAppScheme();
  // eventdesk://payment/<id> and friends open here (the packaged app also declares it in electron-builder.yml).
  app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  // Windows and Linux start a second instance with the link in its arguments; the lock hands them to us.
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    openLink(deepLinkInArgs(argv));
  });
  // macOS delivers links as an event, also before the app is ready.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(url);
  });

  void app.whenReady().then(() => {
    serveRendererFrom(rendererDir);
    // EVENTDESK_BOOTSTRAP=host:port[,host:port] connects at start-up (handy for demos and smoke tests).
    const fromEnv = bootstrapServersSchema.safeParse(process.env.EVENTDESK_BOOTSTRAP ?? '');
    backend = createConsoleBackend({
      bootstrap: fromEnv.success ? fromEnv.data : undefined,
      // Stage-health history and saved profiles survive a restart in the app's own data folder.
      dataDir: app.getPath('userData'),
      // Typed profile secrets are kept between runs only encrypted by the OS (safeStorage), or not at all.
      secretKeeper: createSecretVault({ safeStorage, userData: app.getPath('userData') }),
    });
    registerIpcHandlers(ipcMain, backend.handlers, (event) => isTrustedSenderFrame(senderFrameInfo(event)));
    registerLiveIpc(ipcMain, backend.live, (event) => isTrustedSenderFrame(senderFrameInfo(event)));
    Menu.setApplicationMenu(buildMenu());
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposed = false;
  app.on('before-quit', (event) => {
    if (disposed || !backend) return;
    // Close Kafka connections cleanly before the process goes.
    event.preventDefault();
    disposed = true;
    void backend.dispose().finally(() => app.quit());
  });
}
