// One topic, partition by partition: leader, replicas, in-sync replicas and the offsets that bound its log.
import type { TopicDetail } from '../../../../shared/topics';
import { useGroups } from '../../api/groups';
import { usePipelineMap } from '../../api/pipeline';
import { useTopic } from '../../api/topics';
import { ErrorPanel, Gone, Loading, StaleNote } from '../../components/QueryStates';
import { formatCount } from '../../format/offsets';
import { formatClock } from '../../format/time';
import { routeHref } from '../shell/route';
import { topicContext, type TopicReader } from '../topics/topicRows';
import { brokerList, partitionHealth, sortPartitions } from './partitionHealth';

const healthWords = { ok: null, 'under-replicated': 'under-replicated', 'no-leader': 'no leader' } as const;

function TopicBody({
  topic,
  role,
  readers,
  dimmed,
}: {
  topic: TopicDetail;
  role: string | null;
  readers: TopicReader[];
  dimmed: boolean;
}) {
  return (
    <div className={dimmed ? 'is-stale' : undefined}>
      <dl className="facts">
        <div className="fact">
          <dt title="Log end minus log start: markers and aborted or compacted records take offsets too">
            Offsets
          </dt>
          <dd data-testid="topic-message-count">{formatCount(topic.messageCount)}</dd>
        </div>
        <div className="fact">
          <dt>Partitions</dt>
          <dd>{topic.partitions}</dd>
        </div>
        <div className="fact">
          <dt>Replication</dt>
          <dd>{topic.replicationFactor}</dd>
        </div>
        <div className="fact">
          <dt>Role</dt>
          <dd data-testid="topic-role">
            {topic.internal ? 'internal' : (role ?? 'not in the pipeline map')}
          </dd>
        </div>
        <div className="fact">
          <dt>Read by (lag)</dt>
          <dd data-testid="topic-readers">
            {readers.length === 0
              ? 'no consumer group'
              : readers.map((r, i) => (
                  <span key={r.groupId}>
                    {i > 0 ? ', ' : ''}
                    <a href={routeHref({ page: 'group', groupId: r.groupId })}>{r.groupId}</a> ({r.lag ?? '—'}
                    )
                  </span>
                ))}
          </dd>
        </div>
      </dl>
      <table className="data-table topic-partition-table" data-testid="topic-partitions">
        <thead>
          <tr>
            <th scope="col" className="num">
              Partition
            </th>
            <th scope="col" className="num">
              Leader
            </th>
            <th scope="col">Replicas</th>
            <th scope="col">In sync</th>
            <th scope="col" className="num">
              Log start
            </th>
            <th scope="col" className="num">
              Log end
            </th>
            <th scope="col" className="num">
              Offsets
            </th>
          </tr>
        </thead>
        <tbody>
          {sortPartitions(topic.partitionDetails).map((partition) => {
            const health = partitionHealth(partition);
            return (
              <tr
                key={partition.partition}
                data-testid="topic-partition-row"
                data-partition={partition.partition}
                className={health === 'ok' ? undefined : 'row-warning'}
              >
                <td className="num">{partition.partition}</td>
                <td className="num">{partition.leader < 0 ? '—' : partition.leader}</td>
                <td>{brokerList(partition.replicas)}</td>
                <td>
                  {brokerList(partition.isr)}{' '}
                  {healthWords[health] ? (
                    <span className="badge badge-warning">{healthWords[health]}</span>
                  ) : null}
                </td>
                <td className="num" data-col="log-start">
                  {formatCount(partition.logStartOffset)}
                </td>
                <td className="num" data-col="log-end">
                  {formatCount(partition.logEndOffset)}
                </td>
                <td className="num" data-col="messages">
                  {formatCount(partition.messageCount)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function TopicDetailPage({ topic }: { topic: string }) {
  const query = useTopic(topic);
  const map = usePipelineMap();
  const groups = useGroups();
  const context = topicContext(map.data?.map, groups.data);
  const gone = query.error?.code === 'not_found';
  const checkAgain = (
    <button
      type="button"
      className="button-quiet"
      onClick={() => void query.refetch()}
      disabled={query.isFetching}
    >
      {query.isFetching ? 'Checking…' : 'Check again'}
    </button>
  );
  return (
    <section className="page" aria-labelledby="topic-title">
      <p className="breadcrumb">
        <a href={routeHref({ page: 'topics' })}>← Topics</a>
      </p>
      <h1 id="topic-title" className="mono" data-testid="topic-title">
        {topic}
      </h1>
      {gone ? (
        <Gone action={checkAgain}>
          {query.data
            ? `This topic no longer exists: it was deleted. Below is how it looked at ${formatClock(query.dataUpdatedAt)}, dimmed.`
            : 'This topic does not exist: it may have been deleted.'}
        </Gone>
      ) : null}
      {!gone && query.data && query.error ? (
        <StaleNote updatedAt={query.dataUpdatedAt} error={query.error} />
      ) : null}
      {!gone && !query.data && query.error ? (
        <ErrorPanel error={query.error} what="topic" action={checkAgain} />
      ) : null}
      {!query.data && !query.error ? <Loading what="the topic" /> : null}
      {query.data ? (
        <TopicBody
          topic={query.data}
          role={context.role(topic)}
          readers={context.readers(topic)}
          dimmed={Boolean(query.error)}
        />
      ) : null}
    </section>
  );
}
