// Stuck payments as a worker job: the worker holds its own records port per cluster and the kept views,
// so reading, decoding and classifying never run on the main loop, and a refresh finds its view again.
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { StuckPaymentsQuery, StuckPaymentsResult } from '../../../shared/payments';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import type { RecordPort } from '../kafka/recordPort';
import type { SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import { withDecodedValues } from '../schemas/decodedValues';
import { registryDecoder } from '../schemas/registryDecoders';
import type { JobContext } from '../workers/workerHost';
import { StuckViews } from './stuckPayments';

export interface StuckPaymentsJobInput {
  bootstrap: string[];
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

/** Clusters whose port and views a worker keeps; the least recently used beyond this is closed. */
const MAX_CLUSTERS = 2;
const PROGRESS_EVERY_MS = 200;
const clusters = new Map<string, { records: RecordPort; views: StuckViews }>();

function clusterFor(bootstrap: string[]) {
  const key = bootstrap.join(',');
  let found = clusters.get(key);
  clusters.delete(key);
  if (!found) found = { records: createKafkajsRecords({ brokers: bootstrap }), views: new StuckViews() };
  clusters.set(key, found);
  while (clusters.size > MAX_CLUSTERS) {
    const [oldest, scope] = clusters.entries().next().value!;
    clusters.delete(oldest);
    void scope.records.close().catch(() => undefined);
  }
  return found;
}

export async function stuckPaymentsJob(
  input: StuckPaymentsJobInput,
  context: JobContext,
): Promise<StuckPaymentsResult> {
  const cluster = clusterFor(input.bootstrap);
  const { views } = cluster;
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
