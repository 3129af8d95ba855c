// The pipeline map the console works with: loaded from a JSON file (or the reference default), viewable,
// validated and saved from the console.
import {
  defaultPipelineMap,
  formatMapProblems,
  parsePipelineMapText,
  type PipelineMap,
} from '../../../shared/pipelineMap';
import type { MapValidation, PipelineMapView } from '../../../shared/pipelineMap';
import { invalidInput } from '../appFailure';
import { loadPipelineMapFile, savePipelineMapFile } from './mapFile';

export interface PipelineMapStore {
  get(): PipelineMap;
  view(): PipelineMapView;
  /** (Re)reads the file; an invalid file keeps the current map and reports its problems in view(). */
  load(): Promise<PipelineMapView>;
  validate(text: string): MapValidation;
  /** Validates and, when a file path is configured, writes it; the new map applies at once. */
  save(text: string): Promise<PipelineMapView>;
}

/** Starts with the reference default; call load() to read the file at `path`. */
export function createPipelineMapStore(
  path: string | null,
  initial: PipelineMap = defaultPipelineMap(),
): PipelineMapStore {
  let map = initial;
  let source: PipelineMapView['source'] = 'default';
  let problems: PipelineMapView['problems'];
  const view = (): PipelineMapView => ({ map, source, path, ...(problems ? { problems } : {}) });
  return {
    get: () => map,
    view,
    async load() {
      if (!path) return view();
      const loaded = await loadPipelineMapFile(path);
      if (loaded.ok) {
        map = loaded.map;
        source = loaded.source;
        problems = undefined;
      } else problems = loaded.problems;
      return view();
    },
    validate(text) {
      const parsed = parsePipelineMapText(text);
      return parsed.ok ? { ok: true, problems: [] } : { ok: false, problems: parsed.problems };
    },
    async save(text) {
      const parsed = parsePipelineMapText(text);
      if (!parsed.ok) throw invalidInput(formatMapProblems(parsed.problems), 'invalid-map');
      if (path) await savePipelineMapFile(path, parsed.map);
      map = parsed.map;
      source = path ? 'file' : 'memory';
      problems = undefined;
      return view();
    },
  };
}
