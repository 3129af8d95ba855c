import { describe, expect, it } from 'vitest';
import type { ClusterOverview } from '../../../../shared/cluster';
import { controllerLabel, overviewFacts, sortBrokers } from './overviewFacts';

const overview: ClusterOverview = {
  clusterId: 'abc',
  controllerId: 2,
  brokers: [
    { nodeId: 2, host: 'k2', port: 9092 },
    { nodeId: 1, host: 'k1', port: 9092 },
  ],
  topicCount: 12,
  partitionCount: 40,
  internalTopicCount: 2,
};

describe('overview facts', () => {
  it('names the controller with its address', () => {
    expect(controllerLabel(overview)).toBe('node 2 (k2:9092)');
    expect(controllerLabel({ ...overview, controllerId: null })).toBe('none elected');
    expect(controllerLabel({ ...overview, controllerId: 7 })).toBe('node 7');
  });

  it('separates internal topics from the rest', () => {
    const facts = Object.fromEntries(overviewFacts(overview).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      Topics: '10 + 2 internal',
      Brokers: '2',
      Partitions: '40',
      'Cluster id': 'abc',
    });
  });

  it('lists brokers by node id', () => {
    expect(sortBrokers(overview.brokers).map((b) => b.nodeId)).toEqual([1, 2]);
  });
});
