// Preloaded into a benchmarked process (node --import ./bench/lib/heapLog.mjs) and, through the inherited
// execArgv, into each of its worker threads: every HEAP_LOG_EVERY_MS (default 30 s) each thread appends one
// JSON line to HEAP_LOG with its V8 heap by space and its isolate's external memory and array buffers (Node's
// Buffers among them); the main thread adds the process's RSS. Plain JavaScript: the shipped bundles run under plain node.
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const file = process.env.HEAP_LOG;
if (file) {
  const every = Number(process.env.HEAP_LOG_EVERY_MS ?? 30_000);
  const write = () => {
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    const memory = process.memoryUsage();
    const line = {
      at: Date.now(),
      thread: threadId,
      spaces,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      ...(isMainThread ? { rss: memory.rss } : {}),
    };
    appendFileSync(file, JSON.stringify(line) + '\n');
  };
  setInterval(write, every).unref();
}
