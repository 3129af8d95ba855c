// Redelivery jobs, running and finished: this console's own jobs and those other consoles wrote to the ledger.
import { useRedeliveryJobs } from '../../api/redelivery';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { routeHref } from '../shell/route';
import { JobProgressView } from './JobProgress';

export function JobsPage() {
  const jobs = useRedeliveryJobs();
  return (
    <section className="page" aria-labelledby="jobs-title">
      <div className="page-head">
        <h1 id="jobs-title">Redelivery jobs</h1>
        {jobs.data ? <span className="muted">{jobs.data.length} job(s), newest first</span> : null}
      </div>
      <p className="lead">
        Start a redelivery from <a href={routeHref({ page: 'dlq' })}>Dead letters</a> or from a payment in{' '}
        <a href={routeHref({ page: 'payments' })}>Payments</a>. Every item is in the{' '}
        <a href={routeHref({ page: 'audit' })}>audit log</a>.
      </p>
      {jobs.data && jobs.error ? <StaleNote updatedAt={jobs.dataUpdatedAt} error={jobs.error} /> : null}
      {!jobs.data && jobs.error ? <ErrorPanel error={jobs.error} what="redelivery jobs" /> : null}
      {!jobs.data && !jobs.error ? <Loading what="redelivery jobs" /> : null}
      {jobs.data && jobs.data.length === 0 ? (
        <Empty>No redelivery has been started yet on this cluster.</Empty>
      ) : null}
      <ul className="job-list" data-testid="job-list">
        {(jobs.data ?? []).map((job) => (
          <li key={job.jobId} className="panel" data-testid="job-item">
            <div className="job-title">
              <span className="mono">{job.dlqTopic}</span> <span className="muted">— {job.why}</span>
            </div>
            <JobProgressView job={job} />
          </li>
        ))}
      </ul>
    </section>
  );
}
