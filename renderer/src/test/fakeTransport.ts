// A transport for renderer tests: answers channels from a `Partial<Handlers>` map the way the real transports
// do (input parsed by the contract's schema, a `Result` back, a thrown failure with a code kept as that
// failure), so a page can be rendered against exactly the answers a test names.
import {
  contract,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
  type Handlers,
  type ParsedInput,
} from '../../../shared/contract';
import type { AppError, Result } from '../../../shared/failure';
import { appError, toAppError } from '../api/appError';
import {
  fixedLink,
  noLiveLink,
  type BackendLinkStatus,
  type ConsoleTransport,
  type LiveLink,
} from '../api/linkStatus';

export interface FakeTransport extends ConsoleTransport {
  /** Every call, in order, with the input as the page sent it. */
  readonly calls: Array<{ channel: Channel; input: unknown }>;
  /** How many times a channel was called. */
  count(channel: Channel): number;
}

export function fakeTransport(
  handlers: Partial<Handlers>,
  /** `live`: the live link the views follow (none by default: they poll as without one). */
  options: { link?: BackendLinkStatus; live?: LiveLink } = {},
): FakeTransport {
  const calls: FakeTransport['calls'] = [];
  return {
    kind: 'ipc',
    link: fixedLink(options.link ?? { state: 'open' }),
    live: options.live ?? noLiveLink,
    calls,
    count: (channel) => calls.filter((c) => c.channel === channel).length,
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
      calls.push({ channel, input });
      // Indexing the handler table with a generic key loses the correlation between input and output.
      const handler = handlers[channel] as ((input: ParsedInput<C>) => Promise<ChannelOutput<C>>) | undefined;
      if (!handler) {
        return {
          ok: false,
          error: appError('internal', `The fake transport has no handler for "${channel}".`),
        };
      }
      const parsed = contract[channel].input.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          error: appError(
            'invalid_input',
            `Invalid input for "${channel}": ${parsed.error.issues[0]?.message ?? ''}`,
          ),
        };
      }
      try {
        return { ok: true, value: await handler(parsed.data as ParsedInput<C>) };
      } catch (thrown) {
        return { ok: false, error: toAppError(thrown) };
      }
    },
  };
}

/** A failure as a handler throws it: an Error with the AppError's fields, as main's AppFailure is. */
class FakeFailure extends Error {
  readonly code: AppError['code'];
  readonly detail?: string;
  readonly reason?: AppError['reason'];

  constructor(error: AppError) {
    super(error.message);
    this.code = error.code;
    if (error.detail !== undefined) this.detail = error.detail;
    if (error.reason !== undefined) this.reason = error.reason;
  }
}

export function failure(error: AppError): Error {
  return new FakeFailure(error);
}
