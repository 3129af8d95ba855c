// The team's worklist: every payment and error group someone is handling, from the topic every console
// writes to, filtered by assignee and state. Each row leads to the payment's timeline or the dead letters.
import { useState } from 'react';
import type { WorklistItem, WorklistState } from '../../../../shared/worklist';
import { useWorklist, type WorklistInput } from '../../api/worklist';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { KafkaName } from '../../components/KafkaName';
import { formatDateTime } from '../../format/time';
import { routeHref } from '../shell/route';
import { changeText, stateText } from './worklistText';

/** '*' anyone, '' unassigned, else a name. */
type AssigneeFilter = string;

function toInput(assignee: AssigneeFilter, state: '' | WorklistState): WorklistInput {
  return { ...(assignee === '*' ? {} : { assignee }), ...(state ? { state } : {}) };
}

function itemHref(item: WorklistItem): string {
  return item.subject.kind === 'payment'
    ? routeHref({ page: 'payments', paymentId: item.subject.paymentId })
    : routeHref({ page: 'dlq', topic: item.subject.dlqTopic });
}

function latest(item: WorklistItem): string {
  const note = item.notes.at(-1);
  const change = item.history.at(-1);
  if (note && (!change || note.at >= change.at)) return `${note.who}: ${note.text}`;
  return change ? changeText(change) : '';
}

export function WorklistPage() {
  const [assignee, setAssignee] = useState<AssigneeFilter>('*');
  const [state, setState] = useState<'' | WorklistState>('open');
  const list = useWorklist(toInput(assignee, state));
  const data = list.data;
  const names = data ? [...new Set([data.you, ...data.assignees])].sort() : [];

  return (
    <section className="page" aria-labelledby="worklist-title">
      <div className="page-head">
        <h1 id="worklist-title">Worklist</h1>
        {data ? (
          <span className="muted" data-testid="worklist-count">
            {data.items.length} item(s)
          </span>
        ) : null}
      </div>
      <p className="lead">
        Payments and error groups the team is handling. Every console reads and writes the same list.
      </p>
      <div className="toolbar">
        <label className="field-inline">
          <span>Assigned to</span>
          <select
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            data-testid="worklist-filter-assignee"
          >
            <option value="*">Anyone</option>
            <option value="">Unassigned</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name === data?.you ? `${name} (you)` : name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>State</span>
          <select
            value={state}
            onChange={(e) => setState(e.target.value as '' | WorklistState)}
            data-testid="worklist-filter-state"
          >
            <option value="open">open</option>
            <option value="snoozed">snoozed</option>
            <option value="resolved">resolved</option>
            <option value="">any</option>
          </select>
        </label>
      </div>
      {data && list.error ? <StaleNote updatedAt={list.dataUpdatedAt} error={list.error} /> : null}
      {!data && list.error ? <ErrorPanel error={list.error} what="the worklist" /> : null}
      {!data && !list.error ? <Loading what="the worklist" /> : null}
      {data && data.items.length === 0 ? (
        <Empty>
          Nothing {state ? `${state} ` : ''}on the worklist{assignee === '*' ? '' : ' for this person'}.
          Assign a payment or an error group from its page.
        </Empty>
      ) : null}
      {data && data.items.length > 0 ? (
        <table className="data-table" data-testid="worklist-table">
          <thead>
            <tr>
              <th>Item</th>
              <th>Assigned to</th>
              <th>State</th>
              <th>Latest</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.key} data-testid="worklist-row">
                <td>
                  <a href={itemHref(item)}>
                    {item.subject.kind === 'payment' ? (
                      <>
                        Payment <span className="mono">{item.subject.paymentId}</span>
                      </>
                    ) : (
                      <>
                        {item.subject.label ?? item.subject.fingerprint} in{' '}
                        <KafkaName name={item.subject.dlqTopic} />
                      </>
                    )}
                  </a>
                </td>
                <td>{item.assignee ?? <span className="muted">unassigned</span>}</td>
                <td>{stateText(item)}</td>
                <td className="cell-wrap">{latest(item)}</td>
                <td className="num">{formatDateTime(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
