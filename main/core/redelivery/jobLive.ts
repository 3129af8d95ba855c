// Job progress as live updates: a job reports after every batch and confirmation round; pages hear of it when
// its figures or state really changed, at most every `minIntervalMs` per job (a state change goes out at once).
import type { RedeliveryJobStatus } from '../../../shared/redelivery';
import type { LivePublisher } from '../live/liveHub';

export type JobProgressListener = (status: RedeliveryJobStatus) => void;

export interface JobProgressOptions {
  now: () => number;
  minIntervalMs?: number;
  /** Timer port (tests); setTimeout, unref'd, by default. */
  schedule?: (ms: number, callback: () => void) => () => void;
}

const defaultSchedule = (ms: number, callback: () => void) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** The figures a page shows of a job; the failures list follows failedAgain. */
const progressKey = (s: RedeliveryJobStatus) =>
  [
    s.state,
    s.toMove,
    s.moved,
    s.skipped,
    s.recovered,
    s.refused,
    s.confirmed,
    s.failedAgain,
    s.waiting,
    s.unconfirmable,
    s.failures.length,
    s.finishedAt ?? '',
    s.error ?? '',
  ].join('|');

export function jobProgressPublisher(
  publisher: LivePublisher,
  options: JobProgressOptions,
): JobProgressListener {
  const minIntervalMs = options.minIntervalMs ?? 250;
  const schedule = options.schedule ?? defaultSchedule;
  const jobs = new Map<
    string,
    { key: string; state: string; sentAt: number; timer: (() => void) | null; latest: RedeliveryJobStatus }
  >();
  const send = (jobId: string) => {
    const job = jobs.get(jobId);
    if (!job) return;
    job.timer = null;
    const key = progressKey(job.latest);
    if (key === job.key) return;
    job.key = key;
    job.state = job.latest.state;
    job.sentAt = options.now();
    publisher.publish('redelivery.jobProgress', {
      at: job.sentAt,
      jobId,
      state: job.latest.state,
      moved: job.latest.moved,
    });
    // A finished job says nothing more: forget it.
    if (job.latest.finishedAt !== undefined) jobs.delete(jobId);
  };
  return (status) => {
    const known = jobs.get(status.jobId);
    const job = known ?? { key: '', state: '', sentAt: -Infinity, timer: null, latest: status };
    job.latest = status;
    jobs.set(status.jobId, job);
    if (status.state !== job.state) {
      job.timer?.();
      send(status.jobId);
      return;
    }
    if (job.timer) return;
    const wait = minIntervalMs - (options.now() - job.sentAt);
    if (wait <= 0) send(status.jobId);
    else job.timer = schedule(wait, () => send(status.jobId));
  };
}
