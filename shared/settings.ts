// The settings domain: the console's own local settings, kept in main (they are not cluster writes). For now
// the notification thresholds per pipeline stage.
import { z } from 'zod';

/** When a stage's outstanding dead letters or its oldest stuck payment deserve a notification. */
export interface StageThresholds {
  /** Notify when the stage's outstanding dead letters grow past this many. */
  deadLetters: number;
  /** Notify when the stage's oldest stuck payment is older than this many minutes. */
  stuckSlaMinutes: number;
}

/** A few dead letters happen on a healthy day; ten not redelivered is a pattern. */
export const DEFAULT_STAGE_THRESHOLDS: StageThresholds = { deadLetters: 10, stuckSlaMinutes: 15 };

export const MAX_DEAD_LETTER_THRESHOLD = 1_000_000;
/** One week: a longer SLA would never fire inside the 24 h the history keeps. */
export const MAX_STUCK_SLA_MINUTES = 7 * 24 * 60;

const deadLetterThreshold = z
  .number({ error: 'expected a whole number of dead letters' })
  .int('expected a whole number of dead letters')
  .min(0, 'expected 0 or more dead letters')
  .max(
    MAX_DEAD_LETTER_THRESHOLD,
    `expected at most ${MAX_DEAD_LETTER_THRESHOLD.toLocaleString('en-US')} dead letters`,
  );

const stuckSlaMinutes = z
  .number({ error: 'expected a whole number of minutes' })
  .int('expected a whole number of minutes')
  .min(1, 'expected at least 1 minute')
  .max(MAX_STUCK_SLA_MINUTES, `expected at most ${MAX_STUCK_SLA_MINUTES} minutes (one week)`);

export const stageThresholdsSchema = z
  .object({ deadLetters: deadLetterThreshold, stuckSlaMinutes: stuckSlaMinutes })
  .strict();

const stageName = z.string().trim().min(1, 'expected a stage name').max(249);

export const setStageThresholdsInput = z
  .object({ stage: stageName, deadLetters: deadLetterThreshold, stuckSlaMinutes: stuckSlaMinutes })
  .strict();

export const resetStageThresholdsInput = z.object({ stage: stageName }).strict();

/** What the settings file holds (version 1); stages not named use the defaults. */
export const settingsFileSchema = z
  .object({
    version: z.literal(1),
    stages: z.record(stageName, stageThresholdsSchema),
  })
  .strict();
export type SettingsFile = z.output<typeof settingsFileSchema>;

export interface StageSettings extends StageThresholds {
  stage: string;
  /** True when the person has not set this stage's thresholds (the defaults apply). */
  isDefault: boolean;
}

export interface SettingsView {
  /** Where the settings live: a file in the console's data folder, or memory (lost when the console stops). */
  storage: { kind: 'file'; file: string } | { kind: 'memory' };
  defaults: StageThresholds;
  /** One entry per stage of the pipeline map, in map order. */
  stages: StageSettings[];
  /** A problem with the stored file, said once (it was set aside and the defaults apply); null when none. */
  problem: string | null;
}

/** A stage's thresholds from the view; the defaults for a stage it does not list. */
export function thresholdsOf(view: SettingsView | undefined, stage: string): StageThresholds {
  const found = view?.stages.find((s) => s.stage === stage);
  return found
    ? { deadLetters: found.deadLetters, stuckSlaMinutes: found.stuckSlaMinutes }
    : (view?.defaults ?? DEFAULT_STAGE_THRESHOLDS);
}
