// One payment's timeline as a worker job: reading every role topic's partition for the key and decoding
// what matches runs in the engine worker, not on the main loop.
import type { PaymentLookup } from '../../../shared/payments';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { EngineConnection } from '../workers/engineLink';
import { clusterFor } from '../workers/workerClusters';
import type { JobContext } from '../workers/workerHost';
import { findPayment } from './findPayment';

export interface FindPaymentJobInput {
  connection: EngineConnection;
  map: PipelineMap;
  paymentId: string;
  since?: number;
  now: number;
}

export function findPaymentJob(input: FindPaymentJobInput, context: JobContext): Promise<PaymentLookup> {
  const { records } = clusterFor(input.connection);
  return findPayment(
    { records, map: input.map, now: () => input.now, signal: context.signal },
    input.paymentId,
    input.since,
  );
}
