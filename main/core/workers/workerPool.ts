// Runs jobs in worker threads so the main loop only routes. A job with an affinity key always goes to the
// same worker (a job that keeps state between calls, like a kept stuck-payments view); a caller that leaves
// cancels its job in the worker. The workers start on first use and are replaced if one dies. At most
// `maxRunning` jobs are in the workers at once; the rest wait in line (jobQueue.ts).
import { Worker } from 'node:worker_threads';
import { createJobQueue, DEFAULT_HEAVY_JOBS } from './jobQueue';
import { fromWorkerError, type FromWorker, type ToWorker } from './workerProtocol';
import { WORKER_YOUNG_GENERATION_MB } from './youngGeneration';

export interface WorkerEntry {
  url: URL;
  workerData?: unknown;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Jobs with the same key run in the same worker. */
  affinity?: string;
  onProgress?: (value: unknown) => void;
  /** The job's place in line while it waits for a slot (1 = next), then 0 when it starts. */
  onQueued?: (position: number) => void;
}

export interface PoolStats {
  workers: number;
  /** Jobs sent to a worker and not answered yet. */
  running: number;
  /** Jobs finished since the pool started, and how many of them were cancelled. */
  finished: number;
  cancelled: number;
  /** Jobs waiting for a slot (at most `limit` run at once). */
  queued: number;
  limit: number;
}

export interface WorkerPool {
  run<T>(job: string, input: unknown, options?: RunOptions): Promise<T>;
  stats(): PoolStats;
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (value: unknown) => void;
  worker: number;
}

export function createWorkerPool(
  entry: () => WorkerEntry,
  size = 1,
  maxRunning = DEFAULT_HEAVY_JOBS,
): WorkerPool {
  const queue = createJobQueue(maxRunning);
  const workers: (Worker | null)[] = Array.from({ length: size }, () => null);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let roundRobin = 0;
  const counts = { finished: 0, cancelled: 0 };

  const settle = (id: number, outcome: (p: Pending) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    counts.finished++;
    outcome(p);
  };

  const workerAt = (index: number): Worker => {
    const existing = workers[index];
    if (existing) return existing;
    const { url, workerData } = entry();
    const worker = new Worker(url, {
      workerData,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') pending.get(message.id)?.onProgress?.(message.value);
      else if (message.type === 'done') settle(message.id, (p) => p.resolve(message.value));
      else
        settle(message.id, (p) => {
          if (message.error.type === 'cancelled') counts.cancelled++;
          p.reject(fromWorkerError(message.error));
        });
    });
    const lost = (error: Error) => {
      if (workers[index] === worker) workers[index] = null;
      for (const [id, p] of pending)
        if (p.worker === index)
          settle(id, (q) => q.reject(new Error(`engine worker stopped: ${error.message}`)));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    workers[index] = worker;
    return worker;
  };

  const indexFor = (affinity: string | undefined): number => {
    if (affinity === undefined) return roundRobin++ % size;
    let hash = 0;
    for (let i = 0; i < affinity.length; i++) hash = (hash * 31 + affinity.charCodeAt(i)) | 0;
    return Math.abs(hash) % size;
  };

  const send = <T>(job: string, input: unknown, options: RunOptions): Promise<T> => {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const id = nextId++;
    const index = indexFor(options.affinity);
    const worker = workerAt(index);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onProgress: options.onProgress,
        worker: index,
      });
      worker.postMessage({ type: 'run', id, job, input } satisfies ToWorker);
    });
  };

  return {
    run<T>(job: string, input: unknown, options: RunOptions = {}): Promise<T> {
      return queue.run(job, () => send<T>(job, input, options), {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onQueued ? { onPosition: options.onQueued } : {}),
      });
    },
    stats: () => ({
      workers: workers.filter((w) => w !== null).length,
      running: pending.size,
      ...counts,
      queued: queue.stats().waiting.length,
      limit: maxRunning,
    }),
    async close() {
      const all = workers.filter((w): w is Worker => w !== null);
      workers.fill(null);
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
