// Public entry of the stage logic, shared by the Kafka runtime and the payment API's sync baseline.
import type { StageName } from '../../shared/referencePipeline';
import { STAGES } from '../../shared/referencePipeline';
import { findStage } from './registry';
import type { StageDeps, StageHandler, StageInstance } from './types';

export type {
  StageDeps,
  StageHandler,
  StageMeta,
  StageResult,
  StageDefinition,
  StageInstance,
  FailureClass,
  FraudRules,
} from './types';
export { StageError } from './types';
export { stageRegistry, findStage } from './registry';

/** Handlers for the five reference stages; call `closeStageHandlers` (or ignore it in short-lived scripts). */
export function createStageHandlers(deps: StageDeps): Record<StageName, StageHandler> {
  return Object.fromEntries(
    createStageInstances(deps).map(([name, instance]) => [name, instance.handle]),
  ) as Record<StageName, StageHandler>;
}

const openInstances = new WeakMap<StageDeps, StageInstance[]>();

export function createStageInstances(deps: StageDeps): Array<[StageName, StageInstance]> {
  const created = STAGES.map((name): [StageName, StageInstance] => {
    const definition = findStage(name);
    if (!definition)
      throw new Error(
        `stage "${name}" is listed in shared/referencePipeline.ts but missing from services/stages/registry.ts`,
      );
    return [name, definition.create(deps)];
  });
  openInstances.set(deps, [...(openInstances.get(deps) ?? []), ...created.map(([, instance]) => instance)]);
  return created;
}

/** Closes SMTP pools and SQLite files opened by createStageHandlers(deps). */
export async function closeStageHandlers(deps: StageDeps): Promise<void> {
  for (const instance of openInstances.get(deps) ?? []) await instance.close();
  openInstances.delete(deps);
}
