// Redelivery as a job, SQS-redrive style: a dry-run plan first (how many, where to, grouped by error, the
// stage's health), then Start with a rate limit and a reason, then progress and the closed loop.
import { useEffect, useRef, useState } from 'react';
import type { RedeliverySelection } from '../../../../shared/redelivery';
import { useRedeliveryGate, useRedeliveryPlan, useStartRedelivery } from '../../api/redelivery';
import { ErrorPanel } from '../../components/QueryStates';
import {
  ProductionConfirmField,
  productionNameProblem,
  useProductionName,
} from '../access/ProductionConfirm';
import { checkRedeliveryForm, foreignTarget, startRefusal, type RedeliveryForm } from './redeliveryForm';
import { GatePanel } from './GatePanel';
import { JobProgress } from './JobProgress';

export interface RedeliveryRequest {
  dlqTopic: string;
  selection: RedeliverySelection;
  /** What is being redelivered, in words: "payment pay-1", "the error group SMTP 421 …". */
  subject: string;
}

export function RedeliveryDialog({ request, onClose }: { request: RedeliveryRequest; onClose: () => void }) {
  const plan = useRedeliveryPlan(request.dlqTopic, request.selection);
  const start = useStartRedelivery();
  // Live before the click and while the job runs: the stage's own evidence, read again every few seconds.
  const gate = useRedeliveryGate(request.dlqTopic);
  const gateProblem = gate.data?.failing ? (gate.data.problem ?? 'the stage is still failing') : null;
  const [form, setForm] = useState<RedeliveryForm>({
    why: '',
    rate: '50',
    confirmTopic: '',
    overrideHealth: false,
    overrideReason: '',
    pauseAfter: '5',
  });
  const [showErrors, setShowErrors] = useState(false);
  const production = useProductionName();
  const [typedCluster, setTypedCluster] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  // A second click can arrive before React re-renders the disabled button: this latch makes it a no-op.
  const startingLatch = useRef(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const errors = plan.data ? checkRedeliveryForm(form, plan.data, gateProblem) : {};
  // The backend names why it refused a start; branch on that, never on the wording of the message.
  const refusal = startRefusal(start.error);
  const startRefusedForHealth = refusal === 'stage-unhealthy';
  const startNeedsConfirmation = refusal === 'confirmation-required';
  const canOverride = (plan.data?.refusals.length ?? 0) > 0 || startRefusedForHealth || gateProblem !== null;
  // Blocked until overridden: the gate says the stage is still failing, or the plan's checks refuse.
  const blocked = canOverride && !form.overrideHealth;

  const onStart = () => {
    if (!plan.data || startingLatch.current || jobId !== null) return;
    setShowErrors(true);
    const relevant = { ...errors };
    if (startRefusedForHealth && form.overrideHealth) delete relevant.override;
    if (Object.keys(relevant).length > 0 || productionNameProblem(production, typedCluster)) return;
    startingLatch.current = true;
    const target = foreignTarget(plan.data);
    start.mutate(
      {
        dlqTopic: request.dlqTopic,
        selection: request.selection,
        why: form.why.trim(),
        ratePerSecond: Number(form.rate.trim()),
        overrideHealth: form.overrideHealth,
        ...(form.overrideHealth && form.overrideReason?.trim()
          ? { overrideReason: form.overrideReason.trim() }
          : {}),
        ...(form.pauseAfter?.trim() ? { pauseAfterFailures: Number(form.pauseAfter.trim()) } : {}),
        ...(target !== null ? { confirmTopic: form.confirmTopic.trim() } : {}),
        ...(production !== null ? { confirmCluster: typedCluster.trim() } : {}),
      },
      {
        onSuccess: (status) => setJobId(status.jobId),
        onSettled: () => {
          startingLatch.current = false;
        },
      },
    );
  };

  const shown = (field: keyof typeof errors) => (showErrors ? errors[field] : undefined);
  const p = plan.data;

  return (
    <div className="dialog-backdrop" role="presentation">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="redeliver-title"
        data-testid="redelivery-dialog"
      >
        <div className="dialog-head">
          <h2 id="redeliver-title">Redeliver {request.subject}</h2>
          <button type="button" className="button-quiet" onClick={onClose} data-testid="redelivery-close">
            {jobId ? 'Close' : 'Cancel'}
          </button>
        </div>
        <p className="muted">
          From <span className="mono">{request.dlqTopic}</span>
        </p>

        <GatePanel gate={gate.data} error={gate.error} loading={gate.isPending} />

        {plan.isPending ? (
          <p className="state state-loading" role="status" data-testid="plan-loading">
            Preparing a dry run: reading the dead letters and sampling the stage's lag for a few seconds…
          </p>
        ) : null}
        {plan.error ? (
          <ErrorPanel
            error={plan.error}
            what="the dry run"
            action={
              <button type="button" className="button-quiet" onClick={() => void plan.refetch()}>
                Try again
              </button>
            }
          />
        ) : null}

        {p ? (
          <div data-testid="redelivery-plan">
            <dl className="facts facts-compact">
              <div className="fact">
                <dt>Selected</dt>
                <dd data-testid="plan-selected">{p.selected}</dd>
              </div>
              <div className="fact">
                <dt>Will move</dt>
                <dd data-testid="plan-to-move">{p.toMove}</dd>
              </div>
              <div className="fact">
                <dt>Already redelivered</dt>
                <dd data-testid="plan-already">{p.alreadyRedelivered}</dd>
              </div>
              <div className="fact">
                <dt>Loop guard</dt>
                <dd>{p.loopGuarded}</dd>
              </div>
              {p.noTarget > 0 ? (
                <div className="fact">
                  <dt>No target</dt>
                  <dd>{p.noTarget}</dd>
                </div>
              ) : null}
            </dl>
            {p.targets.length > 0 ? (
              <table className="data-table compact-table" data-testid="plan-targets">
                <thead>
                  <tr>
                    <th>Target topic</th>
                    <th>Stage</th>
                    <th className="num">Records</th>
                    <th title="Its consumer group, sampled a few times: members, and whether its lag keeps growing">
                      Consumer
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {p.targets.map((t) => (
                    <tr key={t.targetTopic}>
                      <td className="mono" data-testid="plan-target-topic">
                        {t.targetTopic}
                      </td>
                      <td>{t.stage ?? <span className="badge tone-pending">not in the map</span>}</td>
                      <td className="num">{t.count}</td>
                      <td>
                        {t.health ? (
                          <span className="health-cell" data-testid="plan-health" data-ok={t.health.ok}>
                            {/* The consumer only: whether the stage still fails is the gate's word, above. */}
                            <span className={`badge ${t.health.ok ? 'tone-ok' : 'tone-problem'}`}>
                              {t.health.ok ? 'keeping up' : 'not keeping up'}
                            </span>{' '}
                            <span className="muted small">
                              {t.health.members} member(s), lag {t.health.lagSamples.join(' → ')}
                            </span>
                          </span>
                        ) : (
                          <span className="muted">not checked</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {p.groups.length > 0 ? (
              <>
                <h3>By error</h3>
                <ul className="plan-groups">
                  {p.groups.map((g) => (
                    <li key={g.fingerprint}>
                      <strong>{g.count}</strong> ×{' '}
                      <span className="mono">{g.exceptionClass ?? 'unknown exception'}</span>{' '}
                      <span className="muted">{g.sampleMessage ?? '(no message)'}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {p.toMove === 0 ? (
              <p className="state state-empty" data-testid="plan-nothing">
                Nothing to move{p.selected === 0 ? ': the selection is empty.' : '.'}
              </p>
            ) : null}
            {p.skipReasons.length > 0 ? (
              <div className="plan-skips" data-testid="plan-skips">
                <strong>Skipped, never sent twice:</strong>
                <ul>
                  {p.skipReasons.map((r) => (
                    <li key={r} data-testid="plan-skip">
                      {r}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}

            {p.refusals.length > 0 || startRefusedForHealth ? (
              <div className="state state-error" role="alert" data-testid="plan-refusal">
                <strong>The console would refuse this redelivery</strong>
                {p.refusals.map((r) => (
                  <span key={r}>{r}</span>
                ))}
                {startRefusedForHealth ? <span>{start.error?.message}</span> : null}
              </div>
            ) : null}

            {p.toMove > 0 && !jobId ? (
              <form
                className="redelivery-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  onStart();
                }}
                noValidate
              >
                {foreignTarget(p) !== null ? (
                  <label className="form-field confirm-warning">
                    <span>
                      This DLQ is not in the pipeline map: its records go back to their original topic{' '}
                      <span className="mono">{foreignTarget(p)}</span>, where every consumer of that topic
                      sees them again. Type the topic name to confirm.
                    </span>
                    <input
                      type="text"
                      className="mono"
                      value={form.confirmTopic}
                      onChange={(e) => setForm({ ...form, confirmTopic: e.target.value })}
                      aria-invalid={Boolean(shown('confirmTopic')) || startNeedsConfirmation}
                      data-testid="confirm-topic"
                    />
                    {shown('confirmTopic') ? (
                      <small className="field-problem">{shown('confirmTopic')}</small>
                    ) : startNeedsConfirmation ? (
                      <small className="field-problem" data-testid="confirm-topic-refused">
                        {start.error?.message}
                      </small>
                    ) : null}
                  </label>
                ) : null}
                <label className="form-field">
                  <span className="form-label">Why (goes into the audit log)</span>
                  <textarea
                    rows={2}
                    value={form.why}
                    onChange={(e) => setForm({ ...form, why: e.target.value })}
                    aria-invalid={Boolean(shown('why'))}
                    data-testid="redelivery-why"
                    placeholder="e.g. SMTP provider is back after the outage"
                  />
                  {shown('why') ? <small className="field-problem">{shown('why')}</small> : null}
                </label>
                <label className="form-field">
                  <span className="form-label">Rate limit (records per second)</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    className="input-short"
                    value={form.rate}
                    onChange={(e) => setForm({ ...form, rate: e.target.value })}
                    aria-invalid={Boolean(shown('rate'))}
                    data-testid="redelivery-rate"
                  />
                  {shown('rate') ? <small className="field-problem">{shown('rate')}</small> : null}
                </label>
                {canOverride ? (
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={form.overrideHealth}
                      onChange={(e) => setForm({ ...form, overrideHealth: e.target.checked })}
                      data-testid="redelivery-override"
                    />
                    <span>Redeliver anyway (the override is recorded in the audit log)</span>
                  </label>
                ) : null}
                {shown('override') && !startRefusedForHealth ? (
                  <small className="field-problem">{shown('override')}</small>
                ) : null}
                {canOverride && form.overrideHealth ? (
                  <label className="form-field">
                    <span className="form-label">Why override the gate (audited with your name)</span>
                    <textarea
                      rows={2}
                      value={form.overrideReason}
                      onChange={(e) => setForm({ ...form, overrideReason: e.target.value })}
                      aria-invalid={Boolean(shown('overrideReason'))}
                      data-testid="redelivery-override-reason"
                      placeholder="e.g. the provider confirmed the fix; no payment has come through yet"
                    />
                    {shown('overrideReason') ? (
                      <small className="field-problem">{shown('overrideReason')}</small>
                    ) : null}
                  </label>
                ) : null}
                <label className="form-field">
                  <span className="form-label">Pause the job after more than this many fail again</span>
                  <input
                    type="text"
                    inputMode="numeric"
                    className="input-short"
                    value={form.pauseAfter}
                    onChange={(e) => setForm({ ...form, pauseAfter: e.target.value })}
                    aria-invalid={Boolean(shown('pauseAfter'))}
                    data-testid="redelivery-pause-after"
                  />
                  {shown('pauseAfter') ? (
                    <small className="field-problem">{shown('pauseAfter')}</small>
                  ) : null}
                </label>
                {start.error &&
                !startRefusedForHealth &&
                !(startNeedsConfirmation && foreignTarget(p) !== null) ? (
                  <ErrorPanel error={start.error} what="starting the redelivery" />
                ) : null}
                {production !== null ? (
                  <ProductionConfirmField
                    name={production}
                    value={typedCluster}
                    onChange={setTypedCluster}
                    problem={showErrors ? productionNameProblem(production, typedCluster) : null}
                  />
                ) : null}
                <div className="form-actions">
                  <button
                    type="submit"
                    disabled={start.isPending || blocked}
                    title={blocked ? 'Blocked by the gate: tick the override to redeliver anyway' : undefined}
                    data-testid="redelivery-start"
                  >
                    {start.isPending
                      ? 'Starting…'
                      : blocked
                        ? 'Blocked by the gate'
                        : `Start: move ${p.toMove} record${p.toMove === 1 ? '' : 's'}`}
                  </button>
                </div>
              </form>
            ) : null}
          </div>
        ) : null}

        {jobId ? <JobProgress jobId={jobId} /> : null}
      </div>
    </div>
  );
}
