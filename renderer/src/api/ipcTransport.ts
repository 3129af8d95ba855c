// Inside Electron the preload exposes window.eventdesk: one frozen function per contract channel.
import type { Channel, ChannelInput, ChannelOutput, EventdeskApi } from '../../../shared/contract';
import type { Result } from '../../../shared/failure';
import { appError, toAppError } from './appError';
import { fixedLink, type ConsoleTransport } from './linkStatus';

export function createIpcTransport(api: EventdeskApi, timeoutMs = 30_000): ConsoleTransport {
  return {
    kind: 'ipc',
    link: fixedLink({ state: 'open' }),
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      // Indexing a mapped type with a generic key loses the correlation between input and output.
      const call = api[channel] as (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // A main process that never answers must not leave the page loading forever.
      const timeout = new Promise<Result<ChannelOutput<C>>>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              ok: false,
              error: appError(
                'unreachable',
                `The console backend did not answer within ${Math.round(timeoutMs / 1000)} s.`,
              ),
            }),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([call(input), timeout]);
      } catch (thrown) {
        return { ok: false, error: toAppError(thrown) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
