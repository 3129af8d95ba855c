// Loads the pipeline map from a JSON file; a missing file means "use the reference pipeline's default".
import { readFile, writeFile, rename } from 'node:fs/promises';
import {
  defaultPipelineMap,
  formatMapProblems,
  parsePipelineMapText,
  type MapProblem,
  type PipelineMap,
} from '../../../shared/pipelineMap';
import { invalidInput } from '../appFailure';

export type MapFileResult =
  | { ok: true; map: PipelineMap; source: 'file' | 'default'; path: string }
  | { ok: false; problems: MapProblem[]; path: string };

/** Reads and validates the map file; a file that does not exist yields the default map. */
export async function loadPipelineMapFile(path: string): Promise<MapFileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { ok: true, map: defaultPipelineMap(), source: 'default', path };
    return {
      ok: false,
      path,
      problems: [{ path: '', message: `cannot read the file: ${(error as Error).message}` }],
    };
  }
  const parsed = parsePipelineMapText(text);
  return parsed.ok
    ? { ok: true, map: parsed.map, source: 'file', path }
    : { ok: false, problems: parsed.problems, path };
}

/** Like loadPipelineMapFile, but an invalid file is invalid input whose message lists every problem. */
export async function requirePipelineMapFile(path: string): Promise<PipelineMap> {
  const result = await loadPipelineMapFile(path);
  if (!result.ok)
    throw invalidInput(`Invalid pipeline map ${path}:\n${formatMapProblems(result.problems)}`, 'invalid-map');
  return result.map;
}

/** Writes the map atomically (temp file + rename) so a crash never leaves a half-written config. */
export async function savePipelineMapFile(path: string, map: PipelineMap): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(map, null, 2) + '\n', 'utf8');
  await rename(temp, path);
}
