// Electron entry: lifecycle only. The backend is the same plain-Node one the bridge serves; this file
// wires it to IPC and opens the one window.
import { app, BrowserWindow, ipcMain, Menu, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import { bootstrapServersSchema } from '../../shared/bootstrap';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { registerAppScheme, serveRendererFrom } from './appProtocol';
import { registerIpcHandlers, senderFrameInfo } from './ipc';
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

function openWindow(): void {
  mainWindow = createMainWindow({ preloadPath });
  mainWindow.on('closed', () => (mainWindow = undefined));
}

if (!app.requestSingleInstanceLock()) {
  // Another Eventdesk is running: it gets focus (below) and this one leaves.
  app.quit();
} else {
  registerAppScheme();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    serveRendererFrom(rendererDir);
    // EVENTDESK_BOOTSTRAP=host:port[,host:port] connects at start-up (handy for demos and smoke tests).
    const fromEnv = bootstrapServersSchema.safeParse(process.env.EVENTDESK_BOOTSTRAP ?? '');
    backend = createConsoleBackend({
      bootstrap: fromEnv.success ? fromEnv.data : undefined,
      // Stage-health history survives a restart in the app's own data folder.
      dataDir: app.getPath('userData'),
    });
    registerIpcHandlers(ipcMain, backend.handlers, (event) => isTrustedSenderFrame(senderFrameInfo(event)));
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
