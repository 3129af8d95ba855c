// One topic's partitions for a group: where the group is, where the log starts and ends, and the gap.
import { formatCount, lagLevel } from '../../format/offsets';
import { EstimatedMark } from '../groups/EstimatedMark';
import { lagTimeLabel } from '../groups/groupRows';
import { memberLabel, type TopicSection } from './partitionSections';

export function PartitionTable({ section }: { section: TopicSection }) {
  return (
    <table className="data-table partition-table" data-testid="partition-table" data-topic={section.topic}>
      <colgroup>
        <col className="col-partition" />
        <col className="col-committed" />
        <col className="col-offset" />
        <col className="col-offset" />
        <col className="col-offset" />
        <col className="col-offset" />
        <col />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="num">
            Partition
          </th>
          <th scope="col" className="num">
            Committed
          </th>
          <th scope="col" className="num">
            Log start
          </th>
          <th scope="col" className="num">
            Log end
          </th>
          <th scope="col" className="num">
            Lag
          </th>
          <th scope="col" className="num">
            Lag (time)
          </th>
          <th scope="col">Consumer</th>
        </tr>
      </thead>
      <tbody>
        {section.partitions.map((row) => (
          <tr
            key={row.partition}
            data-testid="partition-row"
            data-topic={row.topic}
            data-partition={row.partition}
            className={row.committedBelowLogStart ? 'row-warning' : undefined}
          >
            <td className="num">{row.partition}</td>
            <td className="num" data-col="committed">
              {row.committedOffset === null ? (
                <>
                  <span className="badge badge-quiet" data-testid="no-commit">
                    no commit
                  </span>{' '}
                  —
                </>
              ) : (
                <>
                  {formatCount(row.committedOffset)}
                  {row.committedBelowLogStart ? (
                    <span
                      className="badge badge-warning committed-marker"
                      data-testid="deleted-before-read"
                      title="The committed offset is below the log start: records were deleted before this group read them."
                    >
                      records deleted before being read
                    </span>
                  ) : null}
                </>
              )}
            </td>
            <td className="num" data-col="log-start">
              {formatCount(row.logStartOffset)}
            </td>
            <td className="num" data-col="log-end">
              {formatCount(row.logEndOffset)}
            </td>
            <td className={`num lag-${lagLevel(row.lag)}`} data-col="lag">
              {formatCount(row.lag)}
            </td>
            <td className="num" data-col="lag-time">
              {lagTimeLabel(row.lagMs)}
              {row.lagMsEstimated ? <EstimatedMark /> : null}
            </td>
            <td className="muted cell-member">{memberLabel(row) ?? 'unassigned'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
