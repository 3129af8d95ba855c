// The stages the runtime, the CLI and the sandbox run. Which stages exist is decided once, by
// REFERENCE_STAGES in shared/referencePipeline.ts (the console's default map is built from it); this table
// pairs each with its code, and a stage missing on either side, or a name that does not match, fails to compile.
import { REFERENCE_STAGES, type StageName } from '../../shared/referencePipeline';
import { analyticsStage } from './analytics';
import { cashbackStage } from './cashback';
import { fraudStage } from './fraud';
import { notificationsStage } from './notifications';
import { receiptsStage } from './receipts';
import type { StageDefinition } from './types';

const stageCode = {
  receipts: receiptsStage,
  fraud: fraudStage,
  analytics: analyticsStage,
  notifications: notificationsStage,
  cashback: cashbackStage,
} satisfies { [N in StageName]: StageDefinition<N> };

/** In pipeline order (the order of REFERENCE_STAGES). */
export const stageRegistry: readonly StageDefinition[] = REFERENCE_STAGES.map(
  (stage) => stageCode[stage.name],
);

export function findStage(name: string): StageDefinition | undefined {
  return stageRegistry.find((stage) => stage.name === name);
}
