import { describe, expect, it } from 'vitest';
import { clusterProperties, quorumVoters } from './cluster';

describe('three-node cluster configuration', () => {
  it('names every controller in the static quorum with its node id', () => {
    expect(quorumVoters([9001, 9002, 9003])).toBe('1@127.0.0.1:9001,2@127.0.0.1:9002,3@127.0.0.1:9003');
  });

  it('replicates to three nodes and needs two in sync, so one node can die without losing acks=all writes', () => {
    expect(clusterProperties(3)).toMatchObject({
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
    });
  });

  it('never asks for more replicas than there are nodes', () => {
    expect(clusterProperties(1)).toMatchObject({
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
      'offsets.topic.replication.factor': 1,
    });
  });
});
