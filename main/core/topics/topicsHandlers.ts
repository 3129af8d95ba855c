// The topics channels: the topic list and one topic's partitions.
import type { DomainHandlers } from '../../../shared/contract';
import type { ConnectionManager } from '../cluster/connection';
import { describeTopic, listTopics } from './topics';

export function createTopicsHandlers(deps: { connection: ConnectionManager }): DomainHandlers<'topics'> {
  const { connection } = deps;
  return {
    'topics.list': (input) => connection.use((kafka) => listTopics(kafka, input)),
    'topics.describe': ({ topic }) => connection.use((kafka) => describeTopic(kafka, topic)),
  };
}
