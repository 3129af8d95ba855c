// The one list of stages. A new stage is a new module plus one line here: the runtime, the CLI and the
// sandbox iterate this list, and topic names derive from the stage name.
import { analyticsStage } from './analytics';
import { cashbackStage } from './cashback';
import { fraudStage } from './fraud';
import { notificationsStage } from './notifications';
import { receiptsStage } from './receipts';
import type { StageDefinition } from './types';

export const stageRegistry: readonly StageDefinition[] = [receiptsStage, fraudStage, analyticsStage, notificationsStage, cashbackStage];

export function findStage(name: string): StageDefinition | undefined {
  return stageRegistry.find((stage) => stage.name === name);
}
