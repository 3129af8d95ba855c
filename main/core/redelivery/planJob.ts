// Redelivery planning as a worker job: reading the selection from the DLQ, summarising and classifying each
// record and the stage's health check run in the engine worker. The ledger is kept in main (jobs write it):
// main catches it up and hands the job a copy of the DLQ's items.
import type { PipelineMap } from '../../../shared/pipelineMap';
import { coordinatesKey, type DlqCoordinates, type RedeliverySelection } from '../../../shared/redelivery';
import type { EngineConnection, EngineLink } from '../workers/engineLink';
import { affinityOf } from '../workers/engineLink';
import { clusterFor } from '../workers/workerClusters';
import type { JobContext } from '../workers/workerHost';
import type { ItemLedgerState } from './ledger';
import { planRedelivery, type DetailedPlan, type HealthOptions, type Planner } from './plan';

export interface PlanJobInput {
  connection: EngineConnection;
  map: PipelineMap;
  dlqTopic: string;
  selection: RedeliverySelection;
  /** The ledger's items of this DLQ, by coordinatesKey, caught up just before. */
  ledgerItems: ReadonlyMap<string, ItemLedgerState>;
  health?: Partial<HealthOptions>;
  checkHealth?: boolean;
  /** False for a dry run: the records to move are not sent back. */
  detailed: boolean;
}

export async function planRedeliveryJob(input: PlanJobInput, context: JobContext): Promise<DetailedPlan> {
  const items = input.ledgerItems;
  const ledger = {
    item: (dlq: DlqCoordinates) => items.get(coordinatesKey(dlq)),
    catchUp: () => Promise.resolve(),
  };
  const detailed = await planRedelivery(
    {
      records: clusterFor(input.connection).records,
      map: input.map,
      ledger,
      signal: context.signal,
      ...(input.health ? { health: input.health } : {}),
    },
    input.dlqTopic,
    input.selection,
    { ...(input.checkHealth === undefined ? {} : { checkHealth: input.checkHealth }) },
  );
  return input.detailed ? detailed : { ...detailed, items: [] };
}

/** Plans in the engine worker: the ledger caught up here, the reading and classifying there. */
export function createEnginePlanner(engine: EngineLink): Planner {
  return async ({ ledger, signal, ...request }) => {
    const connection = await engine.connection();
    await ledger.catchUp(signal);
    const input: PlanJobInput = { ...request, connection, ledgerItems: ledger.itemsOf(request.dlqTopic) };
    return engine.pool.run<DetailedPlan>('redelivery.plan', input, {
      signal,
      affinity: affinityOf(connection),
    });
  };
}
