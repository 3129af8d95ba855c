// DLQ triage: every DLQ of the map and any topic carrying dead-letter headers; a DLQ's records grouped by
// error fingerprint; a group's records (headers problems marked); redeliver a group or a selection.
import { useState } from 'react';
import { normalizeErrorMessage } from '../../../../shared/dlqHeaders';
import type { DlqErrorGroup, DlqRecordSummary } from '../../../../shared/dlq';
import { useFullRecord } from '../../api/browse';
import { useDlqGroups, useDlqRecords, useDlqTopics } from '../../api/dlq';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { formatCount } from '../../format/offsets';
import { formatDateTime } from '../../format/time';
import { Inspector } from '../browse/Inspector';
import { UnmappedGroupsNotice } from '../pipelineMap/UnmappedGroupsNotice';
import { RedeliveryDialog, type RedeliveryRequest } from '../redelivery/RedeliveryDialog';
import { routeHref } from '../shell/route';

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

const detectedWords = { map: 'pipeline map', headers: 'dead-letter headers', name: 'its name' } as const;

function DlqTopicsTable({ current }: { current?: string }) {
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
              <td className="mono">
                <a href={routeHref({ page: 'dlq', topic: t.topic })}>{t.topic}</a>
                {!t.exists ? <span className="badge badge-after">not created yet</span> : null}
              </td>
              <td>{t.stage ?? <span className="badge tone-pending">foreign</span>}</td>
              <td className="muted">{detectedWords[t.detectedBy]}</td>
              <td className="num" data-col="messages">
                {formatCount(t.messages)}
              </td>
              <td>{t.formats.join(', ') || <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function DlqRecordInspector({ record, onClose }: { record: DlqRecordSummary; onClose: () => void }) {
  const full = useFullRecord({ topic: record.topic, partition: record.partition, offset: record.offset });
  if (full.data) return <Inspector record={full.data} onClose={onClose} />;
  if (full.error) return <ErrorPanel error={full.error} what="the record" />;
  return <Loading what="the record" />;
}

function GroupRecords({
  topic,
  group,
  onRedeliver,
}: {
  topic: string;
  group: DlqErrorGroup;
  onRedeliver: (r: RedeliveryRequest) => void;
}) {
  const records = useDlqRecords(topic, group.fingerprint);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [inspected, setInspected] = useState<DlqRecordSummary | null>(null);
  const keyOf = (r: DlqRecordSummary) => `${r.partition}/${r.offset}`;
  const toggle = (r: DlqRecordSummary) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(keyOf(r))) next.delete(keyOf(r));
      else next.add(keyOf(r));
      return next;
    });
  const rows = records.data?.records ?? [];
  const chosen = rows.filter((r) => selected.has(keyOf(r)));

  return (
    <div className="panel" data-testid="group-records">
      <div className="page-head">
        <h3>Records of this group</h3>
        <button
          type="button"
          disabled={chosen.length === 0}
          onClick={() =>
            onRedeliver({
              dlqTopic: topic,
              selection: {
                kind: 'records',
                records: chosen.map((r) => ({ partition: r.partition, offset: r.offset })),
              },
              subject: `${chosen.length} selected record${chosen.length === 1 ? '' : 's'}`,
            })
          }
          data-testid="redeliver-selected"
        >
          Redeliver selected ({chosen.length})
        </button>
      </div>
      {records.error ? <ErrorPanel error={records.error} what="the group's records" /> : null}
      {!records.data && !records.error ? <Loading what="the group's records" /> : null}
      {records.data ? (
        <table className="data-table" data-testid="dlq-records">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Select every record"
                  checked={rows.length > 0 && chosen.length === rows.length}
                  onChange={(e) => setSelected(e.target.checked ? new Set(rows.map(keyOf)) : new Set())}
                  data-testid="select-all"
                />
              </th>
              <th className="num">Partition</th>
              <th className="num">Offset</th>
              <th>Dead-lettered</th>
              <th>Payment</th>
              <th className="num">Attempts</th>
              <th className="num">Redelivered</th>
              <th>Headers</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={keyOf(r)}
                data-testid="dlq-record"
                data-payment-id={r.paymentId ?? ''}
                className={r.problems.length > 0 ? 'row-warning' : ''}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(keyOf(r))}
                    onChange={() => toggle(r)}
                    aria-label={`Select offset ${r.offset}`}
                    data-testid="select-record"
                  />
                </td>
                <td className="num">{r.partition}</td>
                <td className="num mono">{r.offset}</td>
                <td className="nowrap">{formatDateTime(r.timestamp)}</td>
                <td className="mono">
                  {r.paymentId ? (
                    <a href={routeHref({ page: 'payments', paymentId: r.paymentId })}>{r.paymentId}</a>
                  ) : (
                    <span className="muted">unknown</span>
                  )}
                </td>
                <td className="num">{r.attempts ?? '—'}</td>
                <td className="num">{r.redeliveryCount}</td>
                <td>
                  {r.problems.length > 0 ? (
                    <span
                      className="badge tone-problem"
                      title={r.problems.join('\n')}
                      data-testid="headers-problem"
                    >
                      {r.format === 'none' ? 'missing' : 'garbled'}: {r.problems[0]}
                    </span>
                  ) : (
                    <span className="badge">{r.format}</span>
                  )}
                </td>
                <td className="actions-cell">
                  <button type="button" className="button-quiet" onClick={() => setInspected(r)}>
                    Inspect
                  </button>{' '}
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() =>
                      onRedeliver({
                        dlqTopic: topic,
                        selection: {
                          kind: 'records',
                          records: [{ partition: r.partition, offset: r.offset }],
                        },
                        subject: `the record at partition ${r.partition}, offset ${r.offset}`,
                      })
                    }
                    data-testid="redeliver-record"
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {records.data?.truncated ? (
        <p className="muted">Only the first {rows.length} records are listed.</p>
      ) : null}
      {inspected ? (
        <DlqRecordInspector key={keyOf(inspected)} record={inspected} onClose={() => setInspected(null)} />
      ) : null}
    </div>
  );
}

function ErrorGroups({ topic }: { topic: string }) {
  const groups = useDlqGroups(topic);
  const [open, setOpen] = useState<string | null>(null);
  const [redelivery, setRedelivery] = useState<RedeliveryRequest | null>(null);
  if (!groups.data) {
    return groups.error ? (
      <ErrorPanel error={groups.error} what={`error groups of ${topic}`} />
    ) : (
      <Loading what={`error groups of ${topic}`} />
    );
  }
  const openGroup = groups.data.groups.find((g) => g.fingerprint === open) ?? null;
  return (
    <section aria-labelledby="groups-title">
      <h2 id="groups-title">
        Errors in <span className="mono">{topic}</span>{' '}
        <span className="section-meta">
          {groups.data.scanned} record(s) read{groups.data.partial ? ' (the newest only)' : ''}
        </span>
      </h2>
      {groups.error ? <StaleNote updatedAt={groups.dataUpdatedAt} error={groups.error} /> : null}
      {groups.data.groups.length === 0 ? (
        <Empty>This dead-letter topic is empty: nothing failed for good.</Empty>
      ) : null}
      {groups.data.groups.length > 0 ? (
        <table className="data-table groups-table" data-testid="error-groups">
          <thead>
            <tr>
              <th className="num">Records</th>
              <th>Exception</th>
              <th>Message (ids and numbers normalised)</th>
              <th>First / last seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {groups.data.groups.map((g) => (
              <tr
                key={g.fingerprint}
                data-testid="error-group"
                data-fingerprint={g.fingerprint}
                className={g.fingerprint === open ? 'is-selected' : g.headersProblem ? 'row-warning' : ''}
              >
                <td className="num" data-col="count">
                  {g.count}
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
                <td className="actions-cell">
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => setOpen(g.fingerprint === open ? null : g.fingerprint)}
                    data-testid="open-group"
                  >
                    {g.fingerprint === open ? 'Close' : 'Records'}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() =>
                      setRedelivery({
                        dlqTopic: topic,
                        selection: { kind: 'group', fingerprint: g.fingerprint },
                        subject: `the error group "${g.exceptionClass ?? 'unknown'}" (${g.count} record${g.count === 1 ? '' : 's'})`,
                      })
                    }
                    data-testid="redeliver-group"
                  >
                    Redeliver group
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {openGroup ? (
        <GroupRecords
          key={openGroup.fingerprint}
          topic={topic}
          group={openGroup}
          onRedeliver={setRedelivery}
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
