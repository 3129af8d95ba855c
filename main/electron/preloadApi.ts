// Builds window.eventdesk: one frozen function per contract channel and nothing else (no generic
// invoke, no ipcRenderer). Pure, so a unit test can prove the exposed surface equals the contract.
import { channels, type Channel, type EventdeskApi } from '../../shared/contract';
import type { Result } from '../../shared/failure';

export type InvokeChannel = (channel: Channel, input: unknown) => Promise<Result<unknown>>;

export function buildEventdeskApi(invoke: InvokeChannel): EventdeskApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const channel of channels) {
    // A missing input is sent as {} so parameterless channels can be called as api['cluster.status']().
    api[channel] = (input: unknown) => invoke(channel, input ?? {});
  }
  return Object.freeze(api) as unknown as EventdeskApi;
}
