// The headline facts of a cluster, ready to show; kept apart from the component so it is testable.
import type { BrokerInfo, ClusterOverview } from '../../../../shared/cluster';

export interface OverviewFact {
  label: string;
  value: string;
  testId: string;
}

export function controllerLabel(overview: ClusterOverview): string {
  if (overview.controllerId === null) return 'none elected';
  const broker = overview.brokers.find((b) => b.nodeId === overview.controllerId);
  return broker ? `node ${broker.nodeId} (${broker.host}:${broker.port})` : `node ${overview.controllerId}`;
}

export function overviewFacts(overview: ClusterOverview): OverviewFact[] {
  const userTopics = overview.topicCount - overview.internalTopicCount;
  return [
    { label: 'Cluster id', value: overview.clusterId, testId: 'fact-cluster-id' },
    { label: 'Controller', value: controllerLabel(overview), testId: 'fact-controller' },
    { label: 'Brokers', value: String(overview.brokers.length), testId: 'fact-brokers' },
    {
      label: 'Topics',
      value:
        overview.internalTopicCount > 0
          ? `${userTopics} + ${overview.internalTopicCount} internal`
          : String(userTopics),
      testId: 'fact-topics',
    },
    { label: 'Partitions', value: String(overview.partitionCount), testId: 'fact-partitions' },
  ];
}

export function sortBrokers(brokers: readonly BrokerInfo[]): BrokerInfo[] {
  return [...brokers].sort((a, b) => a.nodeId - b.nodeId);
}
