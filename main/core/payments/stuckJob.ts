// Stuck payments as a worker job: the worker holds its own records port per cluster and the kept views,
// so reading, decoding and classifying never run on the main loop, and a refresh finds its view again.
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import { withDecodedValues } from '../schemas/decodedValues';
import { registryDecoder } from '../schemas/registryDecoders';
import type { EngineConnection } from '../workers/engineLink';
import { clusterFor, clusterState } from '../workers/workerClusters';
import type { JobContext } from '../workers/workerHost';
import { StuckViews } from './stuckPayments';

export interface StuckPaymentsJobInput {
  connection: EngineConnection;
  map: PipelineMap;
  query: StuckPaymentsQuery;
  now: number;
  /** Decodes wire-format values (a JSON correlation key over Avro); the worker caches schemas per registry. */
  schemaRegistry?: SchemaRegistrySettings | null;
}

/** Progress streamed while a computation runs. */
export interface StuckPaymentsProgress {
  recordsRead: number;
}

const PROGRESS_EVERY_MS = 200;

export async function stuckPaymentsJob(
  input: StuckPaymentsJobInput,
  context: JobContext,
): Promise<StuckPaymentsResult> {
  const cluster = clusterFor(input.connection);
  const views = clusterState(cluster, 'payments.stuck', () => new StuckViews());
  const records = input.schemaRegistry
    ? withDecodedValues(cluster.records, registryDecoder(input.schemaRegistry))
    : cluster.records;
  const counter = { records: 0, bytes: 0 };
  const timer = setInterval(
    () => context.progress({ recordsRead: counter.records } satisfies StuckPaymentsProgress),
    PROGRESS_EVERY_MS,
  );
  try {
    return await views.compute(
      { records, map: input.map, now: () => input.now, signal: context.signal, counter },
      input.query,
    );
  } finally {
    clearInterval(timer);
  }
}
