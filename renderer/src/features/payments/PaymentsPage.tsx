// Stuck payments: for the payment events in a time window, each stage's state with age and reason, counts
// per state, filters, and a lookup of one payment id that opens its timeline.
import { useState } from 'react';
import { STAGE_STATES } from '../../../../shared/payments';
import { useStuckPayments } from '../../api/payments';
import { usePipelineMap } from '../../api/pipeline';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { StageStateChip } from '../../components/StageStateChip';
import { NextAttempt } from './NextAttempt';
import { useNow } from '../../components/useNow';
import { formatDateTime, formatDuration } from '../../format/time';
import { UnmappedGroupsNotice } from '../pipelineMap/UnmappedGroupsNotice';
import { navigate } from '../shell/useRoute';
import { routeHref } from '../shell/route';
import {
  defaultFilters,
  isStageState,
  stuckPaymentsQuery,
  WINDOWS,
  type PaymentFilters,
} from './paymentFilters';
import { CustomerSearch } from './CustomerSearch';
import { StuckBoundHit, StuckReadNote } from './StuckReadBounds';
import { PaymentTimeline } from './PaymentTimeline';
import { subjectKey } from '../../../../shared/worklist';
import { useWorklistIndex, WorklistFilterControls } from '../worklist/WorklistFilterControls';
import {
  ANY_WORK,
  isFiltering,
  matchesWorklist,
  worklistLabel,
  type WorklistFilter,
} from '../worklist/worklistFilter';

function PaymentLookupForm({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  // A new payment in the address (a link, the palette) puts its id in the box. One form for the page's life:
  // a form remounted by key was left behind in the page when the address changed.
  const [shown, setShown] = useState(initial);
  if (initial !== shown) {
    setShown(initial);
    setText(initial);
    setProblem(null);
  }
  return (
    <form
      className="lookup-form"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        const id = text.trim();
        if (id === '') {
          setProblem('Enter a payment id, e.g. the one in the customer’s receipt or ticket.');
          return;
        }
        if (id.length > 512) {
          setProblem('A payment id has at most 512 characters.');
          return;
        }
        setProblem(null);
        navigate({ page: 'payments', paymentId: id });
      }}
      noValidate
    >
      <label className="field-inline">
        <span>Find a payment</span>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="payment id"
          aria-invalid={problem !== null}
          data-testid="payment-lookup"
          className="mono"
        />
      </label>
      <button type="submit" data-testid="payment-lookup-go">
        Show timeline
      </button>
      {problem ? (
        <small className="field-problem" role="alert">
          {problem}
        </small>
      ) : null}
    </form>
  );
}

export function PaymentsPage({ paymentId, stage }: { paymentId?: string; stage?: string }) {
  // A link from the home page opens the view filtered to its stage.
  const [filters, setFilters] = useState<PaymentFilters>({ ...defaultFilters, stage: stage ?? '' });
  // Ages grow between answers (a live view is asked again only when something changed).
  const now = useNow(10_000);
  const map = usePipelineMap();
  const query = stuckPaymentsQuery(filters);
  const stuck = useStuckPayments(query.ok ? query.input : {}, query.ok);
  const stages = map.data?.map.stages.map((s) => s.name) ?? [];
  const data = stuck.data;
  const [work, setWork] = useState<WorklistFilter>(ANY_WORK);
  const keyOf = (id: string) => subjectKey({ kind: 'payment', paymentId: id });
  const worklist = useWorklistIndex((data?.rows ?? []).map((r) => keyOf(r.paymentId)));
  const rows = (data?.rows ?? []).filter((r) =>
    matchesWorklist(worklist.items.get(keyOf(r.paymentId)), work),
  );

  return (
    <section className="page" aria-labelledby="payments-title">
      <div className="page-head">
        <h1 id="payments-title">Payments</h1>
        {data ? (
          <span className="muted" data-testid="payments-summary" aria-live="polite">
            {data.events} payment event(s) in the window · <strong>{data.stuck}</strong> not finished by every
            stage · computed in {data.elapsedMs} ms
          </span>
        ) : null}
      </div>
      <UnmappedGroupsNotice />
      <PaymentLookupForm initial={paymentId ?? ''} />
      {paymentId ? null : <CustomerSearch />}
      {paymentId ? <PaymentTimeline key={paymentId} paymentId={paymentId} /> : null}

      <h2>Stuck payments</h2>
      <div className="toolbar">
        <label className="field-inline">
          <span>Window</span>
          <select
            value={filters.windowMs}
            onChange={(e) => setFilters({ ...filters, windowMs: Number(e.target.value) })}
            data-testid="filter-window"
          >
            {WINDOWS.map((w) => (
              <option key={w.ms} value={w.ms}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Stage</span>
          <select
            value={filters.stage}
            onChange={(e) => setFilters({ ...filters, stage: e.target.value })}
            data-testid="filter-stage"
          >
            <option value="">Every stage</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>State</span>
          <select
            value={filters.state}
            onChange={(e) =>
              setFilters({ ...filters, state: isStageState(e.target.value) ? e.target.value : '' })
            }
            data-testid="filter-state"
          >
            <option value="">Not done</option>
            {STAGE_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Older than (min)</span>
          <input
            type="text"
            inputMode="decimal"
            className="input-short"
            value={filters.minAgeMinutes}
            onChange={(e) => setFilters({ ...filters, minAgeMinutes: e.target.value })}
            aria-invalid={!query.ok}
            data-testid="filter-min-age"
            placeholder="any"
          />
        </label>
        {!query.ok ? (
          <small className="field-problem" role="alert">
            {query.minAgeError}
          </small>
        ) : null}
      </div>

      {data ? (
        <table className="data-table counts-table" data-testid="state-counts">
          <thead>
            <tr>
              <th>Stage</th>
              {STAGE_STATES.map((s) => (
                <th key={s} className="num">
                  {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Object.entries(data.counts).map(([stage, counts]) => (
              <tr key={stage} data-testid="stage-counts" data-stage={stage}>
                <td>{stage}</td>
                {STAGE_STATES.map((s) => (
                  <td key={s} className="num" data-state={s}>
                    {counts[s] > 0 ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setFilters({ ...filters, stage, state: s })}
                        title={`Show ${s} at ${stage}`}
                      >
                        {counts[s]}
                      </button>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {data ? <StuckReadNote engine={data.engine} /> : null}
      <StuckBoundHit
        error={stuck.error}
        scale={filters.readScale}
        onRaise={(readScale) => setFilters({ ...filters, readScale })}
      />
      {data && stuck.error ? <StaleNote updatedAt={stuck.dataUpdatedAt} error={stuck.error} /> : null}
      {!data && stuck.error && stuck.error.reason !== 'read-bound' ? (
        <ErrorPanel error={stuck.error} what="stuck payments" />
      ) : null}
      {!data && !stuck.error && query.ok ? (
        <Loading what="payment states (reading the source, retry, DLQ and outcome topics)" />
      ) : null}
      {data && data.rows.length === 0 ? (
        <Empty>
          {data.events === 0
            ? 'No payment event in this window.'
            : 'No payment matches these filters: every stage finished them.'}
        </Empty>
      ) : null}
      {data && data.rows.length > 0 ? (
        <>
          <div className="toolbar">
            <WorklistFilterControls
              value={work}
              onChange={setWork}
              names={worklist.names}
              testId="payments-work"
            />
          </div>
          <p className="muted" data-testid="rows-note">
            Showing {rows.length} of {data.matched} matching payment(s), oldest first
            {isFiltering(work) ? ` (${data.rows.length - rows.length} hidden by the worklist filter)` : ''}
            {data.truncated ? ' (narrow the filters to see the rest)' : ''}.
          </p>
          <table className="data-table payments-table" data-testid="stuck-table">
            <thead>
              <tr>
                <th>Payment</th>
                <th>Event time</th>
                <th className="num">Age</th>
                <th>Stages not done, and why</th>
                <th>Handled by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.partition}/${row.offset}`}
                  data-testid="stuck-row"
                  data-payment-id={row.paymentId}
                >
                  <td className="mono">
                    <a href={routeHref({ page: 'payments', paymentId: row.paymentId })}>{row.paymentId}</a>
                  </td>
                  <td className="nowrap">{formatDateTime(row.eventTime)}</td>
                  <td className="num">
                    {formatDuration(row.ageMs + Math.max(0, now - stuck.dataUpdatedAt))}
                  </td>
                  <td>
                    <ul className="chip-list">
                      {row.stages
                        .filter((s) => s.state !== 'done' || filters.state === 'done')
                        .map((s) => (
                          <li key={s.stage} data-testid="row-stage" data-stage={s.stage} data-state={s.state}>
                            <StageStateChip state={s.state} label={s.stage} />
                            {s.reason ? <span className="chip-reason">{s.reason}</span> : null}
                            <NextAttempt status={s} />
                          </li>
                        ))}
                    </ul>
                  </td>
                  <td className="nowrap" data-testid="row-work">
                    {worklistLabel(worklist.items.get(keyOf(row.paymentId))) ?? (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
