// The settings channels: the notification thresholds of every stage of the pipeline map (the defaults where
// the person set none), and setting or resetting one stage's. Local to this console, so a read-only profile
// may change them too (see access/readOnly.ts).
import type { DomainHandlers } from '../../../shared/contract';
import type { PipelineMap } from '../../../shared/pipelineMap';
import { DEFAULT_STAGE_THRESHOLDS, type SettingsView } from '../../../shared/settings';
import { AppFailure, invalidInput } from '../appFailure';
import type { SettingsStore } from './settingsStore';

export function settingsView(store: SettingsStore, map: PipelineMap): SettingsView {
  const set = store.stages();
  return {
    storage: store.storage(),
    defaults: { ...DEFAULT_STAGE_THRESHOLDS },
    stages: map.stages.map((s) => {
      const own = set.get(s.name);
      return { stage: s.name, ...(own ?? DEFAULT_STAGE_THRESHOLDS), isDefault: own === undefined };
    }),
    problem: store.problem(),
  };
}

export function createSettingsHandlers(deps: {
  store: SettingsStore;
  map: () => PipelineMap;
}): DomainHandlers<'settings'> {
  const { store } = deps;
  /** The stage must be in the map now: a typo would otherwise be kept and never used. */
  const knownStage = (stage: string) => {
    const names = deps.map().stages.map((s) => s.name);
    if (!names.includes(stage))
      throw invalidInput(
        `No stage "${stage}" in the pipeline map (its stages: ${names.join(', ') || 'none'}).`,
      );
  };
  const written = (write: () => void) => {
    try {
      write();
    } catch (error) {
      throw new AppFailure(
        'internal',
        `The settings could not be saved (${error instanceof Error ? error.message : String(error)}); nothing changed.`,
      );
    }
    return settingsView(store, deps.map());
  };
  return {
    'settings.get': async () => settingsView(store, deps.map()),
    'settings.setStageThresholds': async ({ stage, deadLetters, stuckSlaMinutes }) => {
      knownStage(stage);
      return written(() => store.setStage(stage, { deadLetters, stuckSlaMinutes }));
    },
    'settings.resetStageThresholds': async ({ stage }) => {
      knownStage(stage);
      return written(() => store.resetStage(stage));
    },
  };
}
