// Inside Electron the preload exposes window.eventdesk: one frozen function per contract channel.
import type { Channel, ChannelInput, ChannelOutput, EventdeskApi } from '../../../shared/contract';
import type { Result } from '../../../shared/failure';
import { appError, toAppError } from './appError';
import { ipcLiveLink } from './ipcLive';
import { fixedLink, type ConsoleTransport } from './linkStatus';

const CANCELLED = 'Cancelled: the page no longer needs this answer.';

export function createIpcTransport(api: EventdeskApi, timeoutMs = 30_000): ConsoleTransport {
  return {
    kind: 'ipc',
    link: fixedLink({ state: 'open' }),
    live: ipcLiveLink(api),
    async invoke<C extends Channel>(
      channel: C,
      input: ChannelInput<C>,
      options: { signal?: AbortSignal } = {},
    ): Promise<Result<ChannelOutput<C>>> {
      // Indexing a mapped type with a generic key loses the correlation between input and output.
      const call = api[channel] as (
        input: ChannelInput<C>,
        requestId?: string,
      ) => Promise<Result<ChannelOutput<C>>>;
      const { signal } = options;
      if (signal?.aborted) return { ok: false, error: appError('cancelled', CANCELLED) };
      // A request the page may abandon carries an id, so main can stop its work when told.
      const requestId = signal ? crypto.randomUUID() : undefined;
      const abandoned = new Promise<Result<ChannelOutput<C>>>((resolve) => {
        signal?.addEventListener(
          'abort',
          () => {
            if (requestId) api.cancel(requestId);
            resolve({ ok: false, error: appError('cancelled', CANCELLED) });
          },
          { once: true },
        );
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A main process that never answers must not leave the page loading forever.
      const timeout = new Promise<Result<ChannelOutput<C>>>((resolve) => {
        timer = setTimeout(() => {
          // Nobody waits any more: main may stop too.
          if (requestId) api.cancel(requestId);
          resolve({
            ok: false,
            error: appError(
              'unreachable',
              `The console backend did not answer within ${Math.round(timeoutMs / 1000)} s.`,
            ),
          });
        }, timeoutMs);
      });
      try {
        return await Promise.race([call(input, requestId), timeout, abandoned]);
      } catch (thrown) {
        return { ok: false, error: toAppError(thrown) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
