// A read-only profile refuses, in main, every channel that writes: the renderer disabling a button is a
// courtesy, this is the rule. Switching the connection or editing profiles stays allowed, so a person can
// leave a read-only profile.
import type { ConnectionAccess } from '../../../shared/access';
import { channels, isWriteChannel, type Channel, type Handlers } from '../../../shared/contract';
import { refused } from '../appFailure';

/** Domains whose writes change which cluster the console talks to, not the cluster or the shared ledger. */
const connectionDomains: ReadonlySet<string> = new Set(['access', 'cluster']);
/** Domains whose writes stay in this console (its own settings): nothing shared changes. */
const localDomains: ReadonlySet<string> = new Set(['settings']);

export function isRefusedWhenReadOnly(channel: Channel): boolean {
  const domain = channel.slice(0, channel.indexOf('.'));
  return isWriteChannel(channel) && !connectionDomains.has(domain) && !localDomains.has(domain);
}

export function refuseWritesWhenReadOnly(
  handlers: Handlers,
  access: () => ConnectionAccess | undefined,
): Handlers {
  const guarded: Record<string, unknown> = { ...handlers };
  for (const channel of channels.filter(isRefusedWhenReadOnly)) {
    const handler = handlers[channel] as (input: unknown, context?: unknown) => Promise<unknown>;
    guarded[channel] = async (input: unknown, context?: unknown) => {
      const current = access();
      if (current?.readOnly)
        throw refused(
          `The profile "${current.profile}" is read-only: ${channel} changes the cluster or the console's data, so it is refused.`,
          'read-only',
        );
      return handler(input, context);
    };
  }
  // Every channel keeps its own handler's signature; only writes gained a check in front.
  return guarded as Handlers;
}
