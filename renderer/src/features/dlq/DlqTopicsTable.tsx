// Every dead-letter topic with its outstanding and handled records (handled: the ledger shows a redelivery).
import { useDlqTopics } from '../../api/dlq';
import { KafkaName } from '../../components/KafkaName';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { formatCount } from '../../format/offsets';
import { routeHref } from '../shell/route';

const detectedWords = { map: 'pipeline map', headers: 'dead-letter headers', name: 'its name' } as const;

export function DlqTopicsTable({ current }: { current?: string }) {
  const topics = useDlqTopics();
  if (!topics.data) {
    return topics.error ? (
      <ErrorPanel error={topics.error} what="dead-letter topics" />
    ) : (
      <Loading what="dead-letter topics" />
    );
  }
  if (topics.data.length === 0)
    return (
      <Empty>
        No dead-letter topic: the map's DLQs do not exist yet and no topic carries dead-letter headers.
      </Empty>
    );
  return (
    <>
      {topics.error ? <StaleNote updatedAt={topics.dataUpdatedAt} error={topics.error} /> : null}
      <table className="data-table clickable" data-testid="dlq-topics">
        <thead>
          <tr>
            <th>Dead-letter topic</th>
            <th>Stage</th>
            <th>Found by</th>
            <th className="num">Records</th>
            <th className="num">Outstanding</th>
            <th className="num">Handled</th>
            <th>Header formats</th>
          </tr>
        </thead>
        <tbody>
          {topics.data.map((t) => (
            <tr
              key={t.topic}
              className={t.topic === current ? 'is-selected' : ''}
              data-testid="dlq-topic"
              data-topic={t.topic}
              onClick={() => (window.location.hash = routeHref({ page: 'dlq', topic: t.topic }))}
            >
              <td>
                <a href={routeHref({ page: 'dlq', topic: t.topic })}>
                  <KafkaName name={t.topic} />
                </a>
                {!t.exists ? <span className="badge badge-after">not created yet</span> : null}
              </td>
              <td>{t.stage ?? <span className="badge tone-pending">foreign</span>}</td>
              <td className="muted">{detectedWords[t.detectedBy]}</td>
              <td className="num" data-col="messages">
                {formatCount(t.messages)}
              </td>
              <td className="num" data-col="outstanding">
                <strong>{formatCount(t.outstanding)}</strong>
              </td>
              <td className="num muted" data-col="handled">
                {formatCount(t.handled)}
              </td>
              <td>{t.formats.join(', ') || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
