// Who handles this payment or error group, and how far they got: assign, note, snooze, resolve. Every change
// goes to the team's worklist topic; when a colleague changed the item first, their change stands and the
// panel says so.
import { useState } from 'react';
import { subjectKey, type WorklistAction, type WorklistSubject } from '../../../../shared/worklist';
import { useWorklist, useWorklistUpdate } from '../../api/worklist';
import { useWorklistBlock, WriteBlockedNote } from '../access/WriteBlocked';
import { ErrorPanel } from '../../components/QueryStates';
import { formatDateTime } from '../../format/time';
import { changeText, stateText } from './worklistText';

const SNOOZES = [
  { label: '1 hour', ms: 60 * 60_000 },
  { label: '4 hours', ms: 4 * 60 * 60_000 },
  { label: '1 day', ms: 24 * 60 * 60_000 },
] as const;

export function WorklistControls({ subject }: { subject: WorklistSubject }) {
  const key = subjectKey(subject);
  const list = useWorklist({ keys: [key] });
  const update = useWorklistUpdate();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [snooze, setSnooze] = useState<number>(SNOOZES[0].ms);
  const [conflict, setConflict] = useState<string | null>(null);
  const blocked = useWorklistBlock();

  if (!list.data) {
    return list.error ? (
      <ErrorPanel error={list.error} what="the worklist" />
    ) : (
      <section className="panel worklist-controls" aria-label="Worklist" aria-busy="true">
        <span className="muted">Reading the team’s worklist…</span>
      </section>
    );
  }
  const item = list.data.items.find((i) => i.key === key);
  const you = list.data.you;
  const act = (action: WorklistAction, after?: () => void) =>
    update.mutate(
      { subject, action, basedOn: item?.version ?? null },
      {
        onSuccess: (result) => {
          setConflict(
            result.outcome === 'conflict' && result.winner
              ? `${changeText(result.winner)} first; their change stands.`
              : null,
          );
          if (result.outcome === 'applied') after?.();
        },
      },
    );
  // Off while a change is on its way, or when the person may not write the worklist topic.
  const busy = update.isPending || blocked !== null;
  const resolved = item?.state === 'resolved';

  return (
    <section className="panel worklist-controls" aria-label="Worklist" data-testid="worklist-controls">
      <WriteBlockedNote what="Changing the worklist" reason={blocked} />
      <div className="worklist-status">
        <strong data-testid="worklist-assignee">
          {item?.assignee ? `Assigned to ${item.assignee}` : 'Unassigned'}
        </strong>
        <span className="muted" data-testid="worklist-state">
          {item ? stateText(item) : 'open'}
        </span>
        {item?.assignee !== you ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => act({ type: 'assign', assignee: you })}
            data-testid="worklist-assign-me"
          >
            Assign to me
          </button>
        ) : (
          <button
            type="button"
            className="button-quiet"
            disabled={busy}
            onClick={() => act({ type: 'assign', assignee: null })}
          >
            Unassign
          </button>
        )}
      </div>
      {conflict ? (
        <p className="state state-waiting" role="alert" data-testid="worklist-conflict">
          {conflict}
        </p>
      ) : null}
      {update.error ? <ErrorPanel error={update.error} what="the change" /> : null}
      {resolved ? (
        <p className="worklist-row">
          <span>
            Resolved by {item.resolution?.who}: {item.resolution?.reason}
          </span>
          <button
            type="button"
            className="button-quiet"
            disabled={busy}
            onClick={() => act({ type: 'reopen' })}
          >
            Reopen
          </button>
        </p>
      ) : (
        <div className="worklist-row">
          <label className="field-inline">
            <span>Snooze</span>
            <select
              value={snooze}
              onChange={(e) => setSnooze(Number(e.target.value))}
              data-testid="worklist-snooze-for"
            >
              {SNOOZES.map((s) => (
                <option key={s.ms} value={s.ms}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button-quiet"
            disabled={busy}
            onClick={() => act({ type: 'snooze', until: Date.now() + snooze })}
            data-testid="worklist-snooze"
          >
            Snooze
          </button>
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            type="text"
            placeholder="why it is resolved"
            aria-label="Resolution"
            data-testid="worklist-reason"
          />
          <button
            type="button"
            disabled={busy || reason.trim() === ''}
            onClick={() => act({ type: 'resolve', reason: reason.trim() }, () => setReason(''))}
            data-testid="worklist-resolve"
          >
            Resolve
          </button>
        </div>
      )}
      <form
        className="worklist-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (note.trim() !== '') act({ type: 'note', text: note.trim() }, () => setNote(''));
        }}
      >
        <input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          type="text"
          placeholder="add a note for the team"
          aria-label="Note"
          data-testid="worklist-note"
        />
        <button type="submit" className="button-quiet" disabled={busy || note.trim() === ''}>
          Add note
        </button>
      </form>
      {item && (item.notes.length > 0 || item.history.length > 0) ? (
        <ul className="worklist-log" data-testid="worklist-log">
          {[
            ...item.notes.map((n) => ({ at: n.at, text: `${n.who}: ${n.text}` })),
            ...item.history.map((c) => ({ at: c.at, text: changeText(c) })),
          ]
            .sort((a, b) => b.at - a.at)
            .slice(0, 8)
            .map((line, i) => (
              <li key={i}>
                <span className="muted">{formatDateTime(line.at)}</span> {line.text}
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  );
}
