// Runs in the sandboxed renderer before the page. Bundled into one CommonJS file (a sandboxed preload
// cannot require relative files). Exposes only window.eventdesk, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { Result } from '../../shared/failure';
import { buildEventdeskApi } from './preloadApi';

contextBridge.exposeInMainWorld(
  'eventdesk',
  buildEventdeskApi((channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>),
);
