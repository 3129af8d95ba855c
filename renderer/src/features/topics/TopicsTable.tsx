// A virtualised topic table: only the rows in view are in the DOM, so hundreds of topics stay fast.
import { fixedRowStyle, useFixedRows } from '../../components/virtualRows';
import { formatCount } from '../../format/offsets';
import { routeHref } from '../shell/route';
import { readersLabel, type TopicContext, type TopicRow } from './topicRows';

const ROW_HEIGHT = 34;

export function TopicsTable({
  rows,
  context,
  stale,
}: {
  rows: TopicRow[];
  context: TopicContext;
  stale: boolean;
}) {
  const { scrollRef, virtualizer } = useFixedRows(rows.length, ROW_HEIGHT, 10);

  return (
    <div
      className={`grid-table topics-grid${stale ? ' is-stale' : ''}`}
      role="table"
      aria-label="Topics"
      aria-rowcount={rows.length + 1}
      data-testid="topics-table"
    >
      <div className="grid-head" role="rowgroup">
        <div className="grid-row" role="row" aria-rowindex={1}>
          <span role="columnheader">Name</span>
          <span role="columnheader" className="num">
            Partitions
          </span>
          <span role="columnheader" className="num">
            Replication
          </span>
          <span
            role="columnheader"
            className="num"
            title="Log end minus log start. On a transactional or compacted topic this counts offsets, not records: commit markers, aborted and deleted records take offsets too."
          >
            Offsets
          </span>
          <span role="columnheader">Role</span>
          <span role="columnheader">Read by (lag)</span>
        </div>
      </div>
      <div className="grid-body" ref={scrollRef} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const role = context.role(row.name);
            const readers = readersLabel(context.readers(row.name));
            return (
              <div
                key={row.name}
                className={`grid-row${row.gone ? ' is-gone' : ''}`}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="topic-row"
                data-topic={row.name}
                style={fixedRowStyle(item, ROW_HEIGHT)}
              >
                <span role="cell" className="mono cell-name" title={row.name}>
                  {row.gone ? (
                    row.name
                  ) : (
                    <a href={routeHref({ page: 'topic', topic: row.name })}>{row.name}</a>
                  )}
                </span>
                <span role="cell" className="num" data-col="partitions">
                  {row.partitions}
                </span>
                <span role="cell" className="num" data-col="replication">
                  {row.replicationFactor}
                </span>
                <span role="cell" className="num" data-col="messages">
                  {formatCount(row.messageCount)}
                </span>
                <span role="cell" data-col="kind">
                  {row.gone ? (
                    <span className="badge badge-gone" data-testid="topic-gone">
                      gone
                    </span>
                  ) : row.internal ? (
                    <span className="badge">internal</span>
                  ) : role ? (
                    <span className="badge badge-quiet" data-testid="topic-role">
                      {role}
                    </span>
                  ) : null}
                </span>
                <span role="cell" className="cell-name" data-col="readers" title={readers}>
                  {readers}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
