// Builds window.eventdesk: one frozen function per contract channel, plus `cancel` for abandoning one request,
// and nothing else (no generic invoke, no ipcRenderer). Pure, so a unit test can prove the exposed surface.
import { channels, type Channel, type EventdeskApi } from '../../shared/contract';
import type { Result } from '../../shared/failure';

export type InvokeChannel = (
  channel: Channel,
  input: unknown,
  requestId?: string,
) => Promise<Result<unknown>>;
export type CancelRequest = (requestId: string) => void;

/** Request ids the page makes (crypto.randomUUID()); anything else is not passed on. */
const requestIdPattern = /^[\w-]{1,64}$/;
const validId = (id: unknown): id is string => typeof id === 'string' && requestIdPattern.test(id);

export function buildEventdeskApi(
  invoke: InvokeChannel,
  cancel: CancelRequest = () => undefined,
): EventdeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    // A missing input is sent as {} so parameterless channels can be called as api['cluster.status']().
    api[channel] = (input: unknown, requestId?: unknown) =>
      invoke(channel, input ?? {}, validId(requestId) ? requestId : undefined);
  }
  api.cancel = (requestId: unknown) => {
    if (validId(requestId)) cancel(requestId);
  };
  return Object.freeze(api) as unknown as EventdeskApi;
}
