// A stand-in for the 'electron' module, loaded with `node --require` before a built Electron bundle, so the
// bundle's own wiring runs under plain Node. Just enough API for main.cjs and preload.cjs to start.
// Control over the fork() IPC channel: {id, op: 'invoke', channel, input} calls the handler main.cjs
// registered on ipcMain, as the app's own top-level frame would; {id, op: 'quit'} quits the app.
'use strict';
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const send = (message) => process.send?.(message);
const ipcHandlers = new Map();
const windows = [];
const protocols = [];
let exposed;
// userData and friends: one fresh folder per run, removed when the app quits (main.cjs opens its SQLite there);
// EVENTDESK_STANDIN_USERDATA names a folder that is kept instead, so a second run finds what the first saved.
const keptPaths = process.env.EVENTDESK_STANDIN_USERDATA;
let paths = keptPaths;
const keyring = process.env.EVENTDESK_STANDIN_KEYRING || undefined;
const xor = (bytes) => Buffer.from(bytes.map((b) => b ^ 0x5a));

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  setAsDefaultProtocolClient: (scheme) => {
    protocols.push(scheme);
    return true;
  },
  getPath(name) {
    paths ??= mkdtempSync(join(tmpdir(), 'eventdesk-standin-'));
    return join(paths, name);
  },
  whenReady() {
    // main.cjs registers its handlers in a .then() of this promise; report once that has run.
    setTimeout(() => send({ ready: { channels: [...ipcHandlers.keys()] } }), 0);
    return Promise.resolve();
  },
  quit() {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    if (paths && !keptPaths) rmSync(paths, { recursive: true, force: true });
    process.exit(0);
  },
});

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.scripts = [];
    this.webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler() {},
      executeJavaScript: (code) => {
        this.scripts.push(code);
        return Promise.resolve();
      },
    });
    windows.push(this);
  }
  static getAllWindows() {
    return [...windows];
  }
  loadURL(url) {
    this.url = url;
    setTimeout(() => this.webContents.emit('did-finish-load'), 0);
    return Promise.resolve();
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
}

const electron = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, listener) => ipcHandlers.set(channel, listener),
    // Live-update subscriptions (fire-and-forget messages from the page); the stand-in page sends none.
    on() {},
  },
  Menu: { buildFromTemplate: (template) => ({ template }), setApplicationMenu() {} },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived() {} },
      setPermissionRequestHandler() {},
      setPermissionCheckHandler() {},
    },
  },
  shell: { openExternal: () => Promise.resolve() },
  net: { fetch: (...args) => fetch(...args) },
  // No keyring by default (Linux without one: `basic_text`, nothing stored); EVENTDESK_STANDIN_KEYRING names one,
  // and then "encryption" is a reversible XOR, so a test can tell a stored blob from the plain secret.
  safeStorage: {
    isEncryptionAvailable: () => keyring !== undefined,
    getSelectedStorageBackend: () => keyring ?? 'basic_text',
    encryptString: (text) => Buffer.concat([Buffer.from('standin:'), xor(Buffer.from(text, 'utf8'))]),
    decryptString: (bytes) => {
      const blob = Buffer.from(bytes);
      if (!blob.subarray(0, 8).equals(Buffer.from('standin:'))) throw new Error('not a stand-in blob');
      return xor(blob.subarray(8)).toString('utf8');
    },
  },
  contextBridge: {
    exposeInMainWorld(name, api) {
      exposed = { name, keys: Object.keys(api), frozen: Object.isFrozen(api) };
      send({ exposed });
    },
  },
  ipcRenderer: {
    send: (channel, message) => send({ rendererSend: { channel, message } }),
    invoke: (channel, input) => {
      send({ rendererInvoke: { channel, input } });
      return Promise.resolve({ ok: true, value: null });
    },
  },
};

const standInId = 'electron-stand-in';
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? standInId : resolveFilename.call(this, request, ...rest);
};
const cached = new Module(standInId);
cached.filename = standInId;
cached.loaded = true;
cached.exports = electron;
require.cache[standInId] = cached;

const topFrame = { senderFrame: { url: 'app://eventdesk/index.html', parent: null } };
process.on('message', async (message) => {
  const { id, op } = message;
  try {
    if (op === 'quit') {
      app.quit();
      return send({ id, result: 'quitting' });
    }
    if (op === 'windows') {
      return send({
        id,
        result: windows.map((w) => ({
          url: w.url,
          webPreferences: w.options.webPreferences,
          scripts: w.scripts,
        })),
      });
    }
    if (op === 'protocols') return send({ id, result: protocols });
    if (op === 'second-instance') {
      app.emit('second-instance', {}, message.argv);
      return send({ id, result: 'delivered' });
    }
    const listener = ipcHandlers.get(message.channel);
    if (!listener) return send({ id, error: `no ipcMain handler for ${message.channel}` });
    send({ id, result: await listener(topFrame, message.input) });
  } catch (err) {
    send({ id, error: err instanceof Error ? err.stack : String(err) });
  }
});
