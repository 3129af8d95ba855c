// Inside Electron the preload exposes window.eventdesk: one frozen function per contract channel.
import type { Channel, ChannelInput, ChannelOutput, EventdeskApi, Result } from '../../../shared/contract';
import { toAppError } from './appError';
import { fixedLink, type ConsoleTransport } from './linkStatus';

export function createIpcTransport(api: EventdeskApi): ConsoleTransport {
  return {
    kind: 'ipc',
    link: fixedLink({ state: 'open' }),
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      // Indexing a mapped type with a generic key loses the correlation between input and output.
      const call = api[channel] as (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
      try {
        return await call(input);
      } catch (thrown) {
        return { ok: false, error: toAppError(thrown) };
      }
    },
  };
}
