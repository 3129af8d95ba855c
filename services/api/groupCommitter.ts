// Group commit: many requests' writes share one SQLite transaction and one fsync.
import type Database from 'better-sqlite3';
import type { WalSyncer } from './walSyncer';

interface QueuedWork {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: work queued during one event-loop turn runs in ONE write transaction, each piece in its own
 * savepoint (better-sqlite3 nests transaction functions as savepoints), so a failing piece rolls back alone.
 * In 'full' durability the fsync is the price of a commit; sharing it between concurrent requests is what lets a
 * durable API accept more than one payment per fsync. Nobody is answered before the commit that holds their work
 * is durable, and the fsync runs off the event loop (see createWalSyncer), so the next batch commits meanwhile.
 */
export function createGroupCommitter(db: Database.Database, wal: WalSyncer): <T>(run: () => T) => Promise<T> {
  let queue: QueuedWork[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const work of batch) {
          try {
            outcomes.push({ ok: true, value: db.transaction(work.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const work of batch) work.reject(error);
      return;
    }
    const settle = () =>
      batch.forEach((work, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) work.resolve(outcome.value);
        else work.reject(outcome ? outcome.error : new Error('group commit lost track of a queued write'));
      });
    // Answered only once durable; the next batch commits meanwhile and shares the following fsync.
    wal.sync().then(settle, (error: unknown) => {
      for (const work of batch) work.reject(error);
    });
  };

  return <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        // setImmediate (not a microtask) lets the requests already read from sockets join this batch.
        setImmediate(flush);
      }
    });
}
