// Consumer groups and how far behind each one is; a row opens the per-partition detail.
import { KafkaName } from '../../components/KafkaName';
import { useGroups } from '../../api/groups';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { formatCount, lagLevel } from '../../format/offsets';
import { routeHref } from '../shell/route';
import { navigate } from '../shell/useRoute';
import {
  clearsInLabel,
  groupProtocolLabel,
  groupStateTone,
  lagTimeLabel,
  sortGroupsByLag,
  topicsLabel,
} from './groupRows';
import { EstimatedMark } from './EstimatedMark';
import { LagSparkline } from './LagSparkline';

export function GroupsPage() {
  const groups = useGroups();
  const rows = groups.data ? sortGroupsByLag(groups.data) : null;
  return (
    <section className="page" aria-labelledby="groups-title">
      <div className="page-head">
        <h1 id="groups-title">Consumer groups</h1>
        {rows ? (
          <span className="muted" data-testid="group-count">
            {rows.length} {rows.length === 1 ? 'group' : 'groups'}, most behind first
          </span>
        ) : null}
      </div>
      {rows && groups.error ? <StaleNote updatedAt={groups.dataUpdatedAt} error={groups.error} /> : null}
      {!rows && groups.error ? <ErrorPanel error={groups.error} what="consumer groups" /> : null}
      {!rows && !groups.error ? <Loading what="consumer groups" /> : null}
      {rows && rows.length === 0 ? <Empty>No consumer groups on this cluster yet.</Empty> : null}
      {rows && rows.length > 0 ? (
        <table
          className={`data-table clickable${groups.error ? ' is-stale' : ''}`}
          data-testid="groups-table"
        >
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Members
              </th>
              <th scope="col" title="Group protocol: classic, or Kafka 4's consumer protocol (KIP-848)">
                Protocol
              </th>
              <th scope="col">Topics</th>
              <th scope="col" className="num">
                Total lag
              </th>
              <th scope="col" className="num">
                Lag (time)
              </th>
              <th scope="col">Clears in</th>
              <th scope="col">Lag trend</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((group) => {
              const href = routeHref({ page: 'group', groupId: group.groupId });
              return (
                <tr
                  key={group.groupId}
                  data-testid="group-row"
                  data-group={group.groupId}
                  onClick={(event) => {
                    // The id cell is a real link (keyboard, middle-click); the rest of the row is a shortcut to it.
                    if (!(event.target instanceof HTMLAnchorElement))
                      navigate({ page: 'group', groupId: group.groupId });
                  }}
                >
                  <td className="mono">
                    <a href={href}>
                      <KafkaName name={group.groupId} />
                    </a>
                  </td>
                  <td>
                    <span className={`badge tone-${groupStateTone(group.state)}`}>{group.state}</span>
                  </td>
                  <td className="num">{group.members}</td>
                  <td className="cell-protocol" data-col="protocol" title={group.protocol || undefined}>
                    {groupProtocolLabel(group.groupProtocol)}
                  </td>
                  <td className="cell-topics" title={group.topics.join(', ')}>
                    {group.topics.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      topicsLabel(group.topics)
                    )}
                  </td>
                  <td className={`num lag-${lagLevel(group.totalLag)}`} data-col="total-lag">
                    {formatCount(group.totalLag)}
                  </td>
                  <td className="num" data-col="lag-time">
                    {lagTimeLabel(group.lagMs)}
                    {group.lagMsEstimated ? <EstimatedMark /> : null}
                  </td>
                  <td className={`drain-${group.drain}`} data-col="clears-in">
                    {clearsInLabel(group)}
                  </td>
                  <td>
                    <LagSparkline history={group.history} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
