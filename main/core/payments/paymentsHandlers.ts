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
  const reads = async () => ({ records: await deps.records(), map: deps.map(), now: deps.now });
  return {
    'payments.stuck': async (query) => computeStuckPayments(await reads(), query),
    'payments.find': async ({ paymentId, since }) => findPayment(await reads(), paymentId, since),
  };
}
