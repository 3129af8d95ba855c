// The worker side: runs the jobs it is asked for, streams their progress, stops one when told to.
import { parentPort } from 'node:worker_threads';
import { toWorkerError, type FromWorker, type ToWorker } from './workerProtocol';

export interface JobContext {
  signal: AbortSignal;
  /** Streams a value to the caller (progress, partial results); the last one before the answer wins. */
  progress(value: unknown): void;
}

export type Job = (input: never, context: JobContext) => Promise<unknown>;

export function serveJobs(jobs: Record<string, Job>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs in a worker thread');
  const running = new Map<number, AbortController>();
  const send = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (message.type === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    const job = jobs[message.job];
    const controller = new AbortController();
    running.set(message.id, controller);
    const context: JobContext = {
      signal: controller.signal,
      progress: (value) => send({ type: 'progress', id: message.id, value }),
    };
    void (async () => {
      try {
        if (!job) throw new Error(`no job "${message.job}" in this worker`);
        const value = await job(message.input as never, context);
        // A read that stops when told to may end quietly with what it had: that is no answer to give.
        controller.signal.throwIfAborted();
        send({ type: 'done', id: message.id, value });
      } catch (error) {
        send({ type: 'failed', id: message.id, error: toWorkerError(error, controller.signal.aborted) });
      } finally {
        running.delete(message.id);
      }
    })();
  });
}
