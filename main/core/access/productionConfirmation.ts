// A production profile asks for the cluster's name (the profile's name) to be typed before a redelivery starts
// or resumes. The renderer's dialog asks; this is the rule, in main, whatever the renderer sent.
import type { ConnectionAccess } from '../../../shared/access';
import type { Handlers } from '../../../shared/contract';
import { AppFailure } from '../appFailure';

/** The channels that put records back into a production pipeline. */
const confirmed = ['redelivery.start', 'redelivery.resume'] as const;

/** Why `typed` does not confirm a redelivery on this connection, or null when it does (or none is needed). */
export function productionRefusal(
  access: ConnectionAccess | undefined,
  typed: string | undefined,
): string | null {
  if (access?.environment !== 'production') return null;
  if (typed === undefined || typed.trim() === '')
    return `"${access.profile}" is a production cluster: type its name to confirm the redelivery. Nothing was redelivered.`;
  if (typed.trim() !== access.profile)
    return `"${typed.trim()}" is not this cluster's name (type "${access.profile}" to confirm). Nothing was redelivered.`;
  return null;
}

export function requireProductionConfirmation(
  handlers: Handlers,
  access: () => ConnectionAccess | undefined,
): Handlers {
  const guarded: Record<string, unknown> = { ...handlers };
  for (const channel of confirmed) {
    const handler = handlers[channel] as (
      input: { confirmCluster?: string },
      context?: unknown,
    ) => Promise<unknown>;
    guarded[channel] = async (input: { confirmCluster?: string }, context?: unknown) => {
      const problem = productionRefusal(access(), input.confirmCluster);
      if (problem)
        throw new AppFailure('refused', problem, {
          reason: 'cluster-name-required',
          field: 'confirmCluster',
        });
      return handler(input, context);
    };
  }
  // Same channels, same signatures: two gained a check in front.
  return guarded as Handlers;
}
