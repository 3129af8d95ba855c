// At most `limit` heavy jobs (stuck computations, lookups, DLQ reads, plans) run at once per console; the
// rest wait in arrival order, each told its place in line. A waiting job whose caller leaves is dropped
// from the line at once; a running one is stopped through its own signal.

export interface QueueOptions {
  signal?: AbortSignal;
  /** Called with the job's place in line (1 = next) whenever it changes, and with 0 when it starts. */
  onPosition?: (position: number) => void;
}

export interface QueueStats {
  running: number;
  /** Jobs waiting for a slot, first in line first. */
  waiting: { job: string; position: number }[];
}

export interface JobQueue {
  run<T>(job: string, work: () => Promise<T>, options?: QueueOptions): Promise<T>;
  stats(): QueueStats;
}

interface Waiting {
  job: string;
  start: () => void;
  onPosition?: (position: number) => void;
}

export const DEFAULT_HEAVY_JOBS = 2;

export function createJobQueue(limit = DEFAULT_HEAVY_JOBS): JobQueue {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, not ${limit}`);
  const line: Waiting[] = [];
  let running = 0;

  const tellPositions = () => line.forEach((w, i) => w.onPosition?.(i + 1));
  const next = () => {
    while (running < limit && line.length > 0) {
      const first = line.shift()!;
      running++;
      first.start();
    }
    tellPositions();
  };

  return {
    run<T>(job: string, work: () => Promise<T>, options: QueueOptions = {}): Promise<T> {
      const { signal, onPosition } = options;
      if (signal?.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<T>((resolve, reject) => {
        const entry: Waiting = {
          job,
          ...(onPosition ? { onPosition } : {}),
          start: () => {
            signal?.removeEventListener('abort', leave);
            onPosition?.(0);
            void work()
              .then(resolve, reject)
              .finally(() => {
                running--;
                next();
              });
          },
        };
        const leave = () => {
          const at = line.indexOf(entry);
          if (at < 0) return;
          line.splice(at, 1);
          tellPositions();
          reject(
            signal?.reason instanceof Error ? signal.reason : new DOMException('cancelled', 'AbortError'),
          );
        };
        signal?.addEventListener('abort', leave, { once: true });
        line.push(entry);
        next();
      });
    },
    stats: () => ({ running, waiting: line.map((w, i) => ({ job: w.job, position: i + 1 })) }),
  };
}
