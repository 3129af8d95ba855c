// The console's default map and the registry describe the same stages, in the same order.
import { describe, expect, it } from 'vitest';
import { defaultPipelineMap } from '../../shared/pipelineMap';
import { stageRegistry } from './registry';

describe('stage registry', () => {
  it('runs exactly the stages of the default pipeline map, with their outcome topics and SLAs', () => {
    const fromRegistry = stageRegistry.map((s) => ({
      name: s.name,
      outcomeTopic: s.outcomeTopic,
      slaMs: s.slaMs,
    }));
    const fromMap = defaultPipelineMap().stages.map((s) => ({
      name: s.name,
      outcomeTopic: s.outcomeTopic,
      slaMs: s.slaMs,
    }));
    expect(fromRegistry).toEqual(fromMap);
  });
});
