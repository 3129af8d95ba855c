// One payment's timeline as a worker job: reading every role topic's partition for the key and decoding
// what matches runs in the engine worker, not on the main loop.
import type { PaymentLookup } from '../../../shared/payments';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import { registryDecoder } from '../schemas/registryDecoders';
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
  /** Decodes wire-format values; the worker caches schemas per registry. */
  schemaRegistry?: SchemaRegistrySettings | null;
}

export function findPaymentJob(input: FindPaymentJobInput, context: JobContext): Promise<PaymentLookup> {
  const { records } = clusterFor(input.connection);
  return findPayment(
    {
      records,
      map: input.map,
      now: () => input.now,
      signal: context.signal,
      decoder: registryDecoder(input.schemaRegistry ?? null),
    },
    input.paymentId,
    input.since,
  );
}
