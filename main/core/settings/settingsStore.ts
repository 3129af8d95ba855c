// The console's local settings: a small JSON file in the data folder (beside stage-health.sqlite), or memory
// when there is no data folder. Every read of the file is zod-validated; a file that does not parse is set
// aside under another name (nothing lost) and said once, and writes replace the file atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { settingsFileSchema, type SettingsFile, type StageThresholds } from '../../../shared/settings';

export interface SettingsStore {
  /** The thresholds the person set, by stage (stages not named use the defaults). */
  stages(): ReadonlyMap<string, StageThresholds>;
  setStage(stage: string, thresholds: StageThresholds): void;
  resetStage(stage: string): void;
  storage(): { kind: 'file'; file: string } | { kind: 'memory' };
  /** What went wrong reading the stored file at start, or null. */
  problem(): string | null;
}

const emptyFile = (): SettingsFile => ({ version: 1, stages: {} });

export function createMemorySettingsStore(initial: SettingsFile = emptyFile()): SettingsStore {
  const stages = new Map(Object.entries(initial.stages));
  return {
    stages: () => stages,
    setStage(stage, thresholds) {
      stages.set(stage, { ...thresholds });
    },
    resetStage(stage) {
      stages.delete(stage);
    },
    storage: () => ({ kind: 'memory' }),
    problem: () => null,
  };
}

/** Reads the file: its settings, or why they could not be used (the file is then set aside). */
function readSettingsFile(
  file: string,
  now: () => number,
): { settings: SettingsFile; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: emptyFile(), problem: null };
    throw error;
  }
  let parsed: z.ZodSafeParseResult<SettingsFile> | null = null;
  let why: string;
  try {
    parsed = settingsFileSchema.safeParse(JSON.parse(text));
    why = parsed.success
      ? ''
      : parsed.error.issues.map((i) => `${i.path.join('.') || 'the file'}: ${i.message}`).join('; ');
  } catch (error) {
    why = `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (parsed?.success) return { settings: parsed.data, problem: null };
  const aside = `${file}.unreadable-${now()}`;
  renameSync(file, aside);
  return {
    settings: emptyFile(),
    problem: `The settings file ${file} could not be used (${why}); it was kept as ${aside} and the defaults apply.`,
  };
}

export function openFileSettingsStore(file: string, now: () => number = Date.now): SettingsStore {
  mkdirSync(dirname(file), { recursive: true });
  const { settings, problem } = readSettingsFile(file, now);
  const memory = createMemorySettingsStore(settings);
  const save = () => {
    const body: SettingsFile = { version: 1, stages: Object.fromEntries(memory.stages()) };
    // Write beside, then rename: a crash mid-write leaves the old file, never half a new one.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    renameSync(temporary, file);
  };
  /** A change that could not be written is undone, so memory never claims what the file does not hold. */
  const change = (stage: string, apply: () => void) => {
    const before = memory.stages().get(stage);
    apply();
    try {
      save();
    } catch (error) {
      if (before) memory.setStage(stage, before);
      else memory.resetStage(stage);
      throw error;
    }
  };
  return {
    stages: () => memory.stages(),
    setStage: (stage, thresholds) => change(stage, () => memory.setStage(stage, thresholds)),
    resetStage: (stage) => change(stage, () => memory.resetStage(stage)),
    storage: () => ({ kind: 'file', file }),
    problem: () => problem,
  };
}

/** The settings file in the data folder; memory when there is none or it cannot be read (said once, on stderr). */
export function openConsoleSettings(dataDir: string | null, now: () => number = Date.now): SettingsStore {
  if (!dataDir) return createMemorySettingsStore();
  const file = join(dataDir, 'settings.json');
  try {
    return openFileSettingsStore(file, now);
  } catch (error) {
    console.error(
      `Settings kept in memory only: ${file} could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
    return createMemorySettingsStore();
  }
}
