// Runs in the sandboxed renderer before the page. Bundled into one CommonJS file (a sandboxed preload
// cannot require relative files). Exposes only window.eventdesk, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CANCEL_CHANNEL } from '../../shared/contract';
import type { Result } from '../../shared/failure';
import { buildEventdeskApi } from './preloadApi';

contextBridge.exposeInMainWorld(
  'eventdesk',
  buildEventdeskApi(
    (channel, input, requestId) => ipcRenderer.invoke(channel, input, requestId) as Promise<Result<unknown>>,
    (requestId) => ipcRenderer.send(IPC_CANCEL_CHANNEL, requestId),
  ),
);
