// The backend's handler table, composed from one handler factory per domain. Each factory returns exactly
// its domain's channels (DomainHandlers<'dlq'> …); a channel served twice is refused when the table is built.
import { channels, type Handlers } from '../../shared/contract';
import type { DomainHandlers } from '../../shared/contract';

type DomainParts = [
  DomainHandlers<'cluster'>,
  DomainHandlers<'access'>,
  DomainHandlers<'topics'>,
  DomainHandlers<'groups'>,
  DomainHandlers<'pipeline'>,
  DomainHandlers<'payments'>,
  DomainHandlers<'dlq'>,
  DomainHandlers<'records'>,
  DomainHandlers<'redelivery'>,
  DomainHandlers<'audit'>,
  DomainHandlers<'privacy'>,
  DomainHandlers<'worklist'>,
  DomainHandlers<'settings'>,
];

export function composeHandlers(...parts: DomainParts): Handlers {
  const table: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [channel, handler] of Object.entries(part)) {
      if (channel in table)
        throw new Error(`Two handlers for channel "${channel}": each channel belongs to one domain.`);
      table[channel] = handler;
    }
  }
  const missing = channels.filter((c) => !(c in table));
  if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}`);
  // Every channel of the contract was checked present above, each from its domain's typed factory.
  return table as Handlers;
}
