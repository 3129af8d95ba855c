// The first page: is anything wrong, where, since when. One row per stage of the pipeline map with its
// status by the watcher's rules, what it holds back, and links into the filtered Payments and Dead letters
// views; under it the history chart.
import type { StageHealth } from '../../../../shared/groups';
import { useStageHealth } from '../../api/groups';
import { useStuckPayments } from '../../api/payments';
import { ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { useNow } from '../../components/useNow';
import { formatCount } from '../../format/offsets';
import { formatClock, formatDuration } from '../../format/time';
import { EstimatedMark } from '../groups/EstimatedMark';
import { routeHref } from '../shell/route';
import { HealthChart } from './HealthChart';
import { useNotifyPermission } from './useIncidentNotifications';
import {
  headline,
  navBadges,
  oldestStuckByStage,
  statusTone,
  statusWords,
  type OldestStuck,
} from './homeRows';
import './home.css';

function StatusChip({ stage }: { stage: StageHealth }) {
  return (
    <span
      className={`badge chip status-chip ${statusTone[stage.status]}`}
      data-testid="stage-status"
      data-status={stage.status}
      title={statusWords[stage.status]}
    >
      {stage.status}
    </span>
  );
}

function StageRow({
  stage,
  stuck,
  now,
}: {
  stage: StageHealth;
  stuck: OldestStuck | undefined;
  now: number;
}) {
  return (
    <tr data-testid="stage-health" data-stage={stage.stage} data-status={stage.status}>
      <td>
        <StatusChip stage={stage} />
      </td>
      <th scope="row">
        <a
          href={routeHref({ page: 'group', groupId: stage.consumerGroup })}
          title="The stage's consumer group"
        >
          {stage.stage}
        </a>
      </th>
      <td className="why" data-testid="stage-why">
        {stage.reasons.length === 0 ? (
          <span className="muted">{statusWords.OK}</span>
        ) : (
          <>
            {stage.reasons[0]}
            {stage.reasons.length > 1 ? (
              <span className="muted" title={stage.reasons.slice(1).join('\n')}>
                {' '}
                (+{stage.reasons.length - 1} more)
              </span>
            ) : null}
          </>
        )}
      </td>
      <td data-testid="stage-since">
        {stage.since === null ? (
          <span className="muted">—</span>
        ) : (
          <span title={formatDuration(now - stage.since)}>
            {formatClock(stage.since)} <span className="muted">({formatDuration(now - stage.since)})</span>
          </span>
        )}
      </td>
      <td className="num" data-testid="stage-lag">
        {formatCount(stage.lag)}
      </td>
      <td className="num" data-testid="stage-lag-time">
        {stage.lagMs === null ? '—' : formatDuration(stage.lagMs)}
        {stage.lagMsEstimated ? <EstimatedMark /> : null}
      </td>
      <td className="num" data-testid="stage-retry">
        {formatCount(stage.retryWaiting)}
      </td>
      <td className="num" data-testid="stage-dead">
        {stage.deadLetters === 0 ? (
          '0'
        ) : (
          <a href={routeHref({ page: 'dlq', topic: stage.dlqTopic })} title={`Open ${stage.dlqTopic}`}>
            {stage.deadLetters.toLocaleString('en-US')}
          </a>
        )}
      </td>
      <td data-testid="stage-stuck">
        {stuck ? (
          <a
            href={routeHref({ page: 'payments', stage: stage.stage })}
            title={`Oldest: ${stuck.paymentId} (${stuck.state})`}
          >
            {formatDuration(stuck.ageMs)} old · {stuck.count} stuck
          </a>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
    </tr>
  );
}

/** Desktop notifications of incidents: asked for on a click, as browsers require. */
function NotifyToggle() {
  const { permission, request } = useNotifyPermission();
  if (permission === 'unsupported') return null;
  if (permission === 'granted')
    return (
      <span className="muted small" data-testid="notify-state">
        Desktop notifications on
      </span>
    );
  if (permission === 'denied')
    return (
      <span className="muted small" data-testid="notify-state">
        Notifications are blocked for this page
      </span>
    );
  return (
    <button type="button" className="button-quiet" onClick={request} data-testid="notify-request">
      Notify me of incidents
    </button>
  );
}

export function HomePage() {
  const health = useStageHealth();
  // The last hour, as the Payments page opens; issue-free stages have no rows here.
  const stuck = useStuckPayments({});
  const now = useNow(5_000);
  const oldest = oldestStuckByStage(stuck.data);
  const data = health.data;
  // The headline takes the colour of the worst stage, like the badge in the navigation.
  const worst = navBadges(data).home?.status ?? 'OK';

  return (
    <section className="page home" aria-labelledby="home-title">
      <div className="panel-head">
        <h1 id="home-title">Pipeline health</h1>
        <NotifyToggle />
      </div>
      {data && health.error ? <StaleNote updatedAt={health.dataUpdatedAt} error={health.error} /> : null}
      {!data && health.error ? <ErrorPanel error={health.error} what="pipeline health" /> : null}
      {!data && !health.error ? <Loading what="the pipeline health" /> : null}
      {data ? (
        <div className={health.error ? 'is-stale' : undefined}>
          <p
            className={`headline ${statusTone[worst]}`}
            data-status={worst}
            data-testid="health-headline"
            role="status"
          >
            {headline(data, now)}
          </p>
          <table className="data-table home-table" data-testid="stage-health-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Stage</th>
                <th scope="col">Why</th>
                <th scope="col">Since</th>
                <th scope="col" className="num">
                  Lag
                </th>
                <th scope="col" className="num">
                  Lag (time)
                </th>
                <th scope="col" className="num">
                  In retry
                </th>
                <th scope="col" className="num">
                  Dead letters
                </th>
                <th scope="col">Oldest stuck</th>
              </tr>
            </thead>
            <tbody>
              {data.stages.map((stage) => (
                <StageRow key={stage.stage} stage={stage} stuck={oldest.get(stage.stage)} now={now} />
              ))}
            </tbody>
          </table>
          <p className="muted small" data-testid="health-window">
            {data.at === null
              ? 'No sample yet.'
              : `Judged over the last ${data.windowSamples} samples (${formatDuration(data.windowMs)}), last at ${formatClock(data.at)}.`}
            {stuck.error ? ' Stuck payments could not be read: ' + stuck.error.message : ''}
          </p>
        </div>
      ) : null}
      <HealthChart />
    </section>
  );
}
