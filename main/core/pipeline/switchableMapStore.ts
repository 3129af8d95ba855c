// The pipeline map follows the connection profile: a profile that names its own map file uses that map while
// it is connected; any other connection uses the console's configured map.
import { createPipelineMapStore, type PipelineMapStore } from './mapStore';

export interface SwitchableMapStore extends PipelineMapStore {
  /** Switches to the map file at `path` (loading it), or back to the configured map for null. */
  use(path: string | null): Promise<void>;
}

export function createSwitchableMapStore(configured: PipelineMapStore): SwitchableMapStore {
  let current = configured;
  let currentPath: string | null = null;
  return {
    get: () => current.get(),
    view: () => current.view(),
    load: () => current.load(),
    validate: (text) => current.validate(text),
    save: (text) => current.save(text),
    async use(path) {
      if (path === currentPath) return;
      currentPath = path;
      current = path ? createPipelineMapStore(path) : configured;
      if (path) await current.load();
    },
  };
}
