// The pipeline map the sandbox hands to the console (EVENTDESK_PIPELINE_MAP): built from the stages it
// actually runs, under the topic and group names it gave them, so every running stage is visible there.
import { writeFileSync } from 'node:fs';
import { pipelineMapFor, type PipelineMap } from '../../shared/pipelineMap';
import type { StageDescriptor } from '../../shared/referencePipeline';

export interface ConsoleMapOptions {
  sourceTopic: string;
  ledgerTopic: string;
  retryTiers: number;
  groupOf: (stage: string) => string;
}

export function consolePipelineMap(
  stages: readonly StageDescriptor[],
  options: ConsoleMapOptions,
): PipelineMap {
  return pipelineMapFor(stages, options);
}

export function writePipelineMapFile(path: string, map: PipelineMap): void {
  writeFileSync(path, JSON.stringify(map, null, 2) + '\n');
}
