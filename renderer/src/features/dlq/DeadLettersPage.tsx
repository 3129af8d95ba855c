// DLQ triage: every DLQ of the map and any topic carrying dead-letter headers; a DLQ's records grouped by
// error fingerprint with outstanding / handled counts; a group's records; redeliver a group or a selection.
import { useState } from 'react';
import { normalizeErrorMessage } from '../../../../shared/dlqHeaders';
import type { DlqErrorGroup, DlqRecordSummary } from '../../../../shared/dlq';
import { useDlqGroups } from '../../api/dlq';
import { KafkaName } from '../../components/KafkaName';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { formatDateTime } from '../../format/time';
import { UnmappedGroupsNotice } from '../pipelineMap/UnmappedGroupsNotice';
import { RedeliveryDialog, type RedeliveryRequest } from '../redelivery/RedeliveryDialog';
import { useRedeliverBlock, WriteBlockedNote } from '../access/WriteBlocked';
import { DlqTopicsTable } from './DlqTopicsTable';
import { GroupRecords } from './GroupRecords';
import { WorklistControls } from '../worklist/WorklistControls';
import { subjectKey } from '../../../../shared/worklist';
import { useWorklistIndex, WorklistFilterControls } from '../worklist/WorklistFilterControls';
import {
  ANY_WORK,
  isFiltering,
  matchesWorklist,
  worklistLabel,
  type WorklistFilter,
} from '../worklist/worklistFilter';

/** "eventdesk.receipts.SmtpUnavailable" → the class name in bold, its package small above it. */
function ExceptionName({ name }: { name: string | null }) {
  if (!name) return <span className="muted">unknown</span>;
  const cut = name.lastIndexOf('.');
  return (
    <span className="exception-name" title={name}>
      {cut > 0 ? <small className="muted mono">{name.slice(0, cut + 1)}</small> : null}
      <strong className="mono">{name.slice(cut + 1)}</strong>
    </span>
  );
}

/** Acts on outstanding records only: with none left that the loop guard lets through, it is off and says why. */
function RedeliverGroupButton({
  group,
  onClick,
  blocked,
}: {
  group: DlqErrorGroup;
  onClick: () => void;
  blocked: string | null;
}) {
  const movable = group.outstanding - group.loopGuarded;
  const why = blocked
    ? `Off: ${blocked}`
    : movable > 0
      ? `Redelivers the ${movable} outstanding record${movable === 1 ? '' : 's'}; ${group.handled} handled and ${group.loopGuarded} loop-guarded are skipped`
      : group.outstanding > 0
        ? 'Every outstanding record of this group is stopped by the loop guard'
        : 'Nothing outstanding: every record of this group was redelivered';
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={movable === 0 || blocked !== null}
      title={why}
      data-testid="redeliver-group"
    >
      Redeliver group
    </button>
  );
}

function ErrorGroups({ topic }: { topic: string }) {
  const [inspected, setInspected] = useState<DlqRecordSummary | null>(null);
  const groups = useDlqGroups(topic);
  const [open, setOpen] = useState<string | null>(null);
  const [redelivery, setRedelivery] = useState<RedeliveryRequest | null>(null);
  const [work, setWork] = useState<WorklistFilter>(ANY_WORK);
  const keyOf = (fingerprint: string) => subjectKey({ kind: 'error-group', dlqTopic: topic, fingerprint });
  const worklist = useWorklistIndex((groups.data?.groups ?? []).map((g) => keyOf(g.fingerprint)));
  const blocked = useRedeliverBlock(topic);
  if (!groups.data) {
    return groups.error ? (
      <ErrorPanel error={groups.error} what={`error groups of ${topic}`} />
    ) : (
      <Loading what={`error groups of ${topic}`} />
    );
  }
  const openGroup = groups.data.groups.find((g) => g.fingerprint === open) ?? null;
  const shown = groups.data.groups.filter((g) =>
    matchesWorklist(worklist.items.get(keyOf(g.fingerprint)), work),
  );
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">
        Errors in <KafkaName name={topic} />{' '}
        <span className="section-meta">
          {groups.data.scanned} record(s) read{groups.data.partial ? ' (the newest only)' : ''}
        </span>
      </h2>
      {groups.error ? <StaleNote updatedAt={groups.dataUpdatedAt} error={groups.error} /> : null}
      <WriteBlockedNote what="Redeliver" reason={groups.data.groups.length > 0 ? blocked : null} />
      {groups.data.groups.length === 0 ? (
        <Empty>This dead-letter topic is empty: nothing failed for good.</Empty>
      ) : null}
      {groups.data.groups.length > 0 ? (
        <div className="toolbar">
          <WorklistFilterControls
            value={work}
            onChange={setWork}
            names={worklist.names}
            testId="groups-work"
          />
          {isFiltering(work) ? (
            <span className="muted" data-testid="groups-work-count">
              {shown.length} of {groups.data.groups.length} error group(s)
            </span>
          ) : null}
        </div>
      ) : null}
      {groups.data.groups.length > 0 ? (
        <table className="data-table groups-table" data-testid="error-groups">
          <thead>
            <tr>
              <th className="num">Records</th>
              <th className="num">Outstanding / handled</th>
              <th>Exception</th>
              <th>Message (ids and numbers normalised)</th>
              <th>First / last seen</th>
              <th>Handled by</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((g) => (
              <tr
                key={g.fingerprint}
                data-testid="error-group"
                data-fingerprint={g.fingerprint}
                className={g.fingerprint === open ? 'is-selected' : g.headersProblem ? 'row-warning' : ''}
              >
                <td className="num" data-col="count">
                  {g.count}
                </td>
                <td className="num nowrap" data-col="outstanding">
                  <strong data-testid="group-outstanding">{g.outstanding}</strong>
                  <span className="muted"> / {g.handled}</span>
                </td>
                <td className="cell-exception">
                  {g.headersProblem ? (
                    <span className="badge tone-problem" data-testid="group-headers-problem">
                      missing or garbled headers
                    </span>
                  ) : (
                    <ExceptionName name={g.exceptionClass} />
                  )}
                </td>
                <td className="cell-wrap" data-col="message" title={g.sampleMessage ?? ''}>
                  {g.sampleMessage ? (
                    normalizeErrorMessage(g.sampleMessage)
                  ) : (
                    <span className="muted">(no message)</span>
                  )}
                </td>
                <td className="nowrap small" data-col="seen">
                  <div>{formatDateTime(g.firstSeen)}</div>
                  <div>{formatDateTime(g.lastSeen)}</div>
                </td>
                <td className="nowrap" data-col="work" data-testid="group-work">
                  {worklistLabel(worklist.items.get(keyOf(g.fingerprint))) ?? (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => setOpen(g.fingerprint === open ? null : g.fingerprint)}
                    data-testid="open-group"
                  >
                    {g.fingerprint === open ? 'Close' : 'Records'}
                  </button>{' '}
                  <RedeliverGroupButton
                    group={g}
                    blocked={blocked}
                    onClick={() =>
                      setRedelivery({
                        dlqTopic: topic,
                        selection: { kind: 'group', fingerprint: g.fingerprint },
                        subject: `the error group "${g.exceptionClass ?? 'unknown'}" (${g.outstanding} outstanding of ${g.count})`,
                      })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {openGroup ? (
        <WorklistControls
          key={`worklist-${openGroup.fingerprint}`}
          subject={{
            kind: 'error-group',
            dlqTopic: topic,
            fingerprint: openGroup.fingerprint,
            ...(openGroup.sampleMessage ? { label: openGroup.sampleMessage.slice(0, 512) } : {}),
          }}
        />
      ) : null}
      {openGroup ? (
        <GroupRecords
          key={openGroup.fingerprint}
          topic={topic}
          group={openGroup}
          onRedeliver={setRedelivery}
          inspected={inspected}
          onInspect={setInspected}
        />
      ) : null}
      {redelivery ? <RedeliveryDialog request={redelivery} onClose={() => setRedelivery(null)} /> : null}
    </section>
  );
}

export function DeadLettersPage({ topic }: { topic?: string }) {
  return (
    <section className="page" aria-labelledby="dlq-title">
      <div className="page-head">
        <h1 id="dlq-title">Dead letters</h1>
        <span className="muted">Records a stage gave up on, grouped by what went wrong.</span>
      </div>
      <UnmappedGroupsNotice />
      <DlqTopicsTable current={topic} />
      {topic ? (
        <ErrorGroups key={topic} topic={topic} />
      ) : (
        <p className="lead">Choose a dead-letter topic to see its errors.</p>
      )}
    </section>
  );
}
