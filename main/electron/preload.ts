// Runs in the sandboxed renderer before the page. Bundled into one CommonJS file (a sandboxed preload
// cannot require relative files). Exposes only window.eventdesk, never ipcRenderer itself, and hands the page
// a push's name and payload only, never Electron's event object.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CANCEL_CHANNEL } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { IPC_LIVE_EVENT, IPC_LIVE_SUBSCRIBE, IPC_LIVE_UNSUBSCRIBE } from '../../shared/live';
import { buildEventdeskApi } from './preloadApi';

contextBridge.exposeInMainWorld(
  'eventdesk',
  buildEventdeskApi(
    (channel, input, requestId) => ipcRenderer.invoke(channel, input, requestId) as Promise<Result<unknown>>,
    (requestId) => ipcRenderer.send(IPC_CANCEL_CHANNEL, requestId),
    {
      subscribe: (event) => ipcRenderer.send(IPC_LIVE_SUBSCRIBE, event),
      unsubscribe: (event) => ipcRenderer.send(IPC_LIVE_UNSUBSCRIBE, event),
      onPush: (listener) => {
        ipcRenderer.on(IPC_LIVE_EVENT, (_event, name: unknown, payload: unknown) => listener(name, payload));
      },
    },
  ),
);
