// The payments channels: stuck payments over a window, and one payment's timeline.
import type { DomainHandlers } from '../../../shared/contract';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';
import { findPayment } from './findPayment';
import { computeStuckPayments } from './stuckPayments';

export function createPaymentsHandlers(deps: {
  records: () => Promise<RecordPort>;
  map: () => PipelineMap;
  now: () => number;
}): DomainHandlers<'payments'> {
  // Each read stops when its caller leaves (the context's signal).
  const reads = async (signal?: AbortSignal) => ({
    records: await deps.records(),
    map: deps.map(),
    now: deps.now,
    signal,
  });
  return {
    'payments.stuck': async (query, context) => computeStuckPayments(await reads(context?.signal), query),
    'payments.find': async ({ paymentId, since }, context) =>
      findPayment(await reads(context?.signal), paymentId, since),
  };
}
