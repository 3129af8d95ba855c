import { describe, expect, it } from 'vitest';
import { defaultPipelineMap } from '../../shared/pipelineMap';
import { DEFAULT_RETRY_TIER_DELAYS_MS, SOURCE_TOPIC } from '../../shared/referencePipeline';
import { stageRegistry } from '../stages/registry';
import { stageTopicNames } from './topology';

// The console only sees what its pipeline map names: a retry tier missing from the default map would hide
// records waiting there from the stuck-payments view.
describe('the console default map matches the topics the stage runtime uses', () => {
  const map = defaultPipelineMap();
  for (const definition of stageRegistry) {
    it(definition.name, () => {
      const names = stageTopicNames({
        stage: definition.name,
        sourceTopic: SOURCE_TOPIC,
        tierCount: DEFAULT_RETRY_TIER_DELAYS_MS.length,
        outcomeTopic: definition.outcomeTopic,
      });
      const stage = map.stages.find((s) => s.name === definition.name);
      expect(stage).toBeDefined();
      expect(stage!.retryTopics).toEqual(names.retry);
      expect(stage!.dlqTopic).toBe(names.dlq);
      expect(stage!.redeliveryTopic).toBe(names.redelivery);
      expect(stage!.outcomeTopic).toBe(names.outcome);
    });
  }
});
