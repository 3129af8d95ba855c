// A redelivery job as it runs: moved / to move, then the closed loop (confirmed as the stage completes),
// with Cancel while it runs and Resume after it stopped.
import { useState } from 'react';
import type { RedeliveryFailure, RedeliveryJobStatus } from '../../../../shared/redelivery';
import { useCancelRedelivery, useRedeliveryJob, useResumeRedelivery } from '../../api/redelivery';
import {
  ProductionConfirmField,
  productionNameProblem,
  useProductionName,
} from '../access/ProductionConfirm';
import { KafkaName } from '../../components/KafkaName';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { useNow } from '../../components/useNow';
import { formatDateTime, formatIn } from '../../format/time';

const stateWords: Record<RedeliveryJobStatus['state'], string> = {
  running: 'Moving records',
  confirming: 'Moved; waiting for the stage to confirm',
  paused: 'Paused: records failed again',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
  crashed: 'Stopped (console crashed)',
  unknown: 'Recorded by another console',
};

const stateTone: Record<RedeliveryJobStatus['state'], string> = {
  running: 'tone-accent',
  confirming: 'tone-accent',
  paused: 'tone-problem',
  done: 'tone-ok',
  cancelled: 'tone-idle',
  failed: 'tone-problem',
  crashed: 'tone-problem',
  unknown: 'tone-idle',
};

export function JobStateBadge({ state }: { state: RedeliveryJobStatus['state'] }) {
  return (
    <span className={`badge ${stateTone[state]}`} data-testid="job-state" data-state={state}>
      {stateWords[state]}
    </span>
  );
}

const resumable = (state: RedeliveryJobStatus['state']) =>
  state === 'paused' ||
  state === 'cancelled' ||
  state === 'crashed' ||
  state === 'failed' ||
  state === 'unknown';

/** One bar, three parts that always add up to what was moved: confirmed, failed again, waiting. */
function OutcomeBar({ job }: { job: RedeliveryJobStatus }) {
  const total = Math.max(1, job.confirmed + job.failedAgain + job.waiting + job.unconfirmable);
  const part = (n: number) => `${(100 * n) / total}%`;
  return (
    <div
      className="outcome-bar"
      role="img"
      aria-label="Confirmed, failed again and waiting"
      data-testid="job-confirm-bar"
    >
      <span className="outcome-confirmed" style={{ width: part(job.confirmed) }} />
      <span className="outcome-failed" style={{ width: part(job.failedAgain) }} />
      <span className="outcome-waiting" style={{ width: part(job.waiting) }} />
    </div>
  );
}

/**
 * What failed again, one entry per record: the payment and when on one line, the error in full below it (a
 * table squeezed the error into a column a few letters wide inside the dialog).
 */
function FailedAgainList({ failures }: { failures: RedeliveryFailure[] }) {
  const now = useNow(1000);
  return (
    <ul className="failure-list" data-testid="job-failures" aria-label="Records that failed again">
      {failures.map((f) => (
        <li key={`${f.dlq.partition}/${f.dlq.offset}`} data-testid="job-failure">
          <div className="failure-head">
            {f.paymentId ? <KafkaName name={f.paymentId} /> : <span className="muted">no payment id</span>}
            <span className="muted nowrap">failed again {formatDateTime(f.at)}</span>
            <span className="nowrap">
              {f.final ? (
                <span className="badge tone-problem">in the DLQ again</span>
              ) : f.nextAttemptAt !== undefined ? (
                <>
                  next attempt {formatDateTime(f.nextAttemptAt)}{' '}
                  <span className="muted">({formatIn(f.nextAttemptAt, now)})</span>
                </>
              ) : null}
            </span>
          </div>
          <div className="field-problem failure-error">{f.error ?? 'no error recorded'}</div>
        </li>
      ))}
    </ul>
  );
}

export function JobProgressView({ job }: { job: RedeliveryJobStatus }) {
  const cancel = useCancelRedelivery();
  const resume = useResumeRedelivery();
  const production = useProductionName();
  const [typedCluster, setTypedCluster] = useState('');
  const active = job.state === 'running' || job.state === 'confirming' || job.state === 'paused';
  const handled = job.moved + job.skipped + job.refused;
  const moved = job.moved + job.recovered;
  return (
    <div className="job-progress" data-testid="job-progress" data-job-id={job.jobId} data-state={job.state}>
      <div className="job-line">
        <JobStateBadge state={job.state} />
        <span className="muted">
          by {job.who} at {formatDateTime(job.startedAt)} · {job.ratePerSecond}/s
        </span>
      </div>
      <label className="progress-label">
        <span>
          Moved <strong data-testid="job-moved">{job.moved}</strong> /{' '}
          <span data-testid="job-to-move">{job.toMove}</span>
        </span>
        <progress
          max={Math.max(1, job.toMove)}
          value={Math.min(handled, job.toMove)}
          aria-label="Records moved"
          data-testid="job-bar"
        />
      </label>
      <div className="progress-label">
        <span data-testid="job-outcomes">
          Of {moved} moved: confirmed <strong data-testid="job-confirmed">{job.confirmed}</strong> · failed
          again{' '}
          <strong data-testid="job-failed-again" className={job.failedAgain > 0 ? 'text-problem' : undefined}>
            {job.failedAgain}
          </strong>{' '}
          · waiting <strong data-testid="job-waiting">{job.waiting}</strong>
        </span>
        <OutcomeBar job={job} />
      </div>
      {job.state === 'paused' && job.pausedReason ? (
        <p className="state state-error" role="alert" data-testid="job-paused">
          <strong>{job.pausedReason}</strong>
          <span>
            The job moves nothing more until you resume it (it pauses again after{' '}
            {job.pauseAfterFailures ?? 'a few'} more failures) or cancel it.
          </span>
        </p>
      ) : null}
      {job.failures.length > 0 ? <FailedAgainList failures={job.failures} /> : null}
      <p className="muted job-counts">
        {job.skipped > 0 ? (
          <span data-testid="job-skipped">
            {job.skipped} already redelivered (skipped, not duplicated) ·{' '}
          </span>
        ) : null}
        {job.refused > 0 ? <span>{job.refused} refused (loop guard or no target) · </span> : null}
        {job.recovered > 0 ? <span>{job.recovered} recovered after a crash · </span> : null}
        {job.unconfirmable > 0 ? (
          <span>{job.unconfirmable} cannot be confirmed (no outcome topic or group) · </span>
        ) : null}
        <span className="mono">job {job.jobId}</span>
      </p>
      {job.error ? (
        <p className="field-problem" role="alert">
          {job.error}
        </p>
      ) : null}
      {resumable(job.state) && production !== null ? (
        <ProductionConfirmField
          name={production}
          value={typedCluster}
          onChange={setTypedCluster}
          testId="resume-confirm-cluster"
        />
      ) : null}
      <div className="form-actions">
        {active ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => cancel.mutate({ jobId: job.jobId })}
            disabled={cancel.isPending}
            data-testid="job-cancel"
          >
            {cancel.isPending ? 'Cancelling… (after the current batch)' : 'Cancel'}
          </button>
        ) : null}
        {resumable(job.state) ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() =>
              resume.mutate({
                jobId: job.jobId,
                ...(production !== null ? { confirmCluster: typedCluster.trim() } : {}),
              })
            }
            disabled={resume.isPending || productionNameProblem(production, typedCluster) !== null}
            data-testid="job-resume"
          >
            {resume.isPending ? 'Resuming…' : 'Resume'}
          </button>
        ) : null}
      </div>
      {cancel.error ? <ErrorPanel error={cancel.error} what="cancelling the job" /> : null}
      {resume.error ? <ErrorPanel error={resume.error} what="resuming the job" /> : null}
    </div>
  );
}

export function JobProgress({ jobId }: { jobId: string }) {
  const job = useRedeliveryJob(jobId);
  if (job.data) return <JobProgressView job={job.data} />;
  if (job.error) return <ErrorPanel error={job.error} what="the redelivery job" />;
  return <Loading what="the job's progress" />;
}
