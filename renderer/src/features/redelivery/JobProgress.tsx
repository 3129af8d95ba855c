// A redelivery job as it runs: moved / to move, then the closed loop (confirmed as the stage completes),
// with Cancel while it runs and Resume after it stopped.
import type { RedeliveryJobStatus } from '../../../../shared/redelivery';
import { useCancelRedelivery, useRedeliveryJob, useResumeRedelivery } from '../../api/redelivery';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { formatDateTime } from '../../format/time';

const stateWords: Record<RedeliveryJobStatus['state'], string> = {
  running: 'Moving records',
  confirming: 'Moved; waiting for the stage to confirm',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Failed',
  crashed: 'Stopped (console crashed)',
  unknown: 'Recorded by another console',
};

const stateTone: Record<RedeliveryJobStatus['state'], string> = {
  running: 'tone-accent',
  confirming: 'tone-accent',
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
  state === 'cancelled' || state === 'crashed' || state === 'failed' || state === 'unknown';

export function JobProgressView({ job }: { job: RedeliveryJobStatus }) {
  const cancel = useCancelRedelivery();
  const resume = useResumeRedelivery();
  const active = job.state === 'running' || job.state === 'confirming';
  const handled = job.moved + job.skipped + job.refused;
  const confirmable = Math.max(0, job.moved + job.recovered - job.unconfirmable);
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
      <label className="progress-label">
        <span>
          Confirmed by the stage <strong data-testid="job-confirmed">{job.confirmed}</strong> / {confirmable}
        </span>
        <progress
          max={Math.max(1, confirmable)}
          value={job.confirmed}
          aria-label="Records confirmed"
          data-testid="job-confirm-bar"
        />
      </label>
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
            onClick={() => resume.mutate({ jobId: job.jobId })}
            disabled={resume.isPending}
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
