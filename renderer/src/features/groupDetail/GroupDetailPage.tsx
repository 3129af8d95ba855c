// One consumer group, partition by partition, grouped by topic. A group deleted while open says "gone".
import type { GroupDetail } from '../../../../shared/groups';
import { useGroup } from '../../api/groups';
import { Empty, ErrorPanel, Gone, Loading, StaleNote } from '../../components/QueryStates';
import { formatCount, lagLevel } from '../../format/offsets';
import { formatClock } from '../../format/time';
import { EstimatedMark } from '../groups/EstimatedMark';
import { clearsInLabel, groupProtocolLabel, groupStateTone, lagTimeLabel } from '../groups/groupRows';
import { LagSparkline } from '../groups/LagSparkline';
import { routeHref } from '../shell/route';
import { MembersTable } from './MembersTable';
import { partitionSections } from './partitionSections';
import { PartitionTable } from './PartitionTable';

function GroupBody({ group, dimmed }: { group: GroupDetail; dimmed: boolean }) {
  const sections = partitionSections(group.partitions);
  return (
    <div className={dimmed ? 'is-stale' : undefined}>
      <dl className="facts">
        <div className="fact">
          <dt>State</dt>
          <dd>
            <span className={`badge tone-${groupStateTone(group.state)}`} data-testid="group-state">
              {group.state}
            </span>
          </dd>
        </div>
        <div className="fact">
          <dt>Members</dt>
          <dd data-testid="group-members">{group.members}</dd>
        </div>
        <div className="fact">
          <dt>Protocol</dt>
          <dd data-testid="group-protocol">{groupProtocolLabel(group.groupProtocol)}</dd>
        </div>
        <div className="fact">
          <dt>Assignor</dt>
          <dd>{group.protocol || '—'}</dd>
        </div>
        {group.groupEpoch !== null ? (
          <div className="fact">
            <dt>Group epoch</dt>
            <dd className="num" data-testid="group-epoch">
              {group.groupEpoch}
              {group.assignmentEpoch !== null && group.assignmentEpoch !== group.groupEpoch
                ? ` (assignment ${group.assignmentEpoch})`
                : ''}
            </dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>Total lag</dt>
          <dd className={`num lag-${lagLevel(group.totalLag)}`} data-testid="group-total-lag">
            {formatCount(group.totalLag)}
          </dd>
        </div>
        <div className="fact">
          <dt>Lag (time)</dt>
          <dd className="num" data-testid="group-lag-time">
            {lagTimeLabel(group.lagMs)}
            {group.lagMsEstimated ? <EstimatedMark /> : null}
          </dd>
        </div>
        <div className="fact">
          <dt>Clears in</dt>
          <dd className={`drain-${group.drain}`} data-testid="group-clears-in">
            {clearsInLabel(group)}
          </dd>
        </div>
        <div className="fact">
          <dt>Lag trend</dt>
          <dd>
            <LagSparkline history={group.history} />
          </dd>
        </div>
      </dl>
      {group.memberDetails.length > 0 ? <MembersTable group={group} /> : null}
      {sections.length === 0 ? (
        <Empty>This group has no committed offsets and no assigned partitions.</Empty>
      ) : null}
      {sections.map((section) => (
        <section
          key={section.topic}
          className="topic-section"
          data-testid="topic-section"
          data-topic={section.topic}
        >
          <h2>
            <span className="mono">{section.topic}</span>
            <span className="section-meta">
              {section.partitions.length} {section.partitions.length === 1 ? 'partition' : 'partitions'} · lag{' '}
              <span className="num" data-testid="topic-lag">
                {formatCount(section.lag)}
              </span>
              {section.uncommitted > 0 ? ` · ${section.uncommitted} without commit` : ''}
            </span>
          </h2>
          <PartitionTable section={section} />
        </section>
      ))}
    </div>
  );
}

export function GroupDetailPage({ groupId }: { groupId: string }) {
  const group = useGroup(groupId);
  const gone = group.error?.code === 'not_found';
  const checkAgain = (
    <button
      type="button"
      className="button-quiet"
      onClick={() => void group.refetch()}
      disabled={group.isFetching}
    >
      {group.isFetching ? 'Checking…' : 'Check again'}
    </button>
  );
  return (
    <section className="page" aria-labelledby="group-title">
      <p className="breadcrumb">
        <a href={routeHref({ page: 'groups' })}>← Consumer groups</a>
      </p>
      <h1 id="group-title" className="mono" data-testid="group-title">
        {groupId}
      </h1>
      {gone && group.error ? (
        <Gone action={checkAgain}>
          {group.data
            ? `This consumer group no longer exists: it was deleted, or expired after its last member left. Below is how it looked at ${formatClock(group.dataUpdatedAt)}, dimmed.`
            : 'This consumer group does not exist: it may have been deleted, or expired after its last member left.'}
        </Gone>
      ) : null}
      {!gone && group.data && group.error ? (
        <StaleNote updatedAt={group.dataUpdatedAt} error={group.error} />
      ) : null}
      {!gone && !group.data && group.error ? (
        <ErrorPanel error={group.error} what="consumer group" action={checkAgain} />
      ) : null}
      {!group.data && !group.error ? <Loading what="the consumer group" /> : null}
      {group.data ? <GroupBody group={group.data} dimmed={Boolean(group.error)} /> : null}
    </section>
  );
}
