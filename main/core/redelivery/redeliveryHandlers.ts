// The redelivery channels: a dry-run plan, then a job that moves dead letters to their stage.
import type { DomainHandlers } from '../../../shared/contract';
import type { RedeliveryService } from './redeliveryService';

export function createRedeliveryHandlers(deps: {
  redelivery: () => Promise<RedeliveryService>;
}): DomainHandlers<'redelivery'> {
  const service = deps.redelivery;
  return {
    'redelivery.plan': async ({ dlqTopic, selection }, context) =>
      (await service()).plan(dlqTopic, selection, context?.signal),
    'redelivery.gate': async ({ dlqTopic }, context) => (await service()).gate(dlqTopic, context?.signal),
    'redelivery.start': async (request) => (await service()).start(request),
    'redelivery.status': async ({ jobId }) => (await service()).status(jobId),
    'redelivery.list': async () => (await service()).list(),
    'redelivery.cancel': async ({ jobId }) => (await service()).cancel(jobId),
    'redelivery.resume': async ({ jobId }) => (await service()).resume(jobId),
  };
}
