// The payments channels: stuck payments over a window, and one payment's timeline.
import type { DomainHandlers } from '../../../shared/contract';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';
import { findPayment } from './findPayment';
import { StuckViews } from './stuckPayments';

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
  // A view per records port (per cluster): a repeated query reads only what arrived since.
  const views = new WeakMap<RecordPort, StuckViews>();
  const viewsOf = (records: RecordPort) => {
    let found = views.get(records);
    if (!found) views.set(records, (found = new StuckViews()));
    return found;
  };
  return {
    'payments.stuck': async (query, context) => {
      const deps = await reads(context?.signal);
      return viewsOf(deps.records).compute(deps, query);
    },
    'payments.find': async ({ paymentId, since }, context) =>
      findPayment(await reads(context?.signal), paymentId, since),
  };
}
