// Durability for 'full' without blocking the event loop: fsync(2) of SQLite's WAL file on libuv's thread pool.
import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';

export type Durability = 'full' | 'normal';

export interface WalSyncer {
  /** Resolves after an fsync of the WAL that started after this call (immediately in 'normal' durability). */
  sync(): Promise<void>;
  /** A committed outbox row; it becomes visible to the relay once a later fsync covers it. */
  noteOutboxSeq(seq: number): void;
  durableOutboxSeq(): number;
  close(): void;
}

/**
 * Durability for 'full' without blocking the event loop: fsync(2) of the WAL file on libuv's thread pool. Callers
 * that arrive while an fsync runs wait for the next one (their commit may have missed the running one), so many
 * commits share each fsync. fsync flushes the file's inode, so our own descriptor covers SQLite's writes.
 */
export function createWalSyncer(
  walPath: string,
  durability: Durability,
  dbPath: string,
  lastOutboxSeq: () => number,
): WalSyncer {
  if (durability === 'normal') {
    return {
      sync: async () => {},
      noteOutboxSeq: () => {},
      durableOutboxSeq: () => Number.MAX_SAFE_INTEGER,
      close: () => {},
    };
  }
  // Whatever a crashed predecessor left in the page cache becomes durable before anything reads it as such.
  const fd = openSync(walPath, 'r');
  fsyncSync(fd);
  const dbFd = openSync(dbPath, 'r');
  fsyncSync(dbFd);
  closeSync(dbFd);
  let committedSeq = lastOutboxSeq();
  let durableSeq = committedSeq;
  let waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let running = false;
  let closed = false;

  const start = () => {
    running = true;
    const batch = waiting;
    waiting = [];
    const coversSeq = committedSeq;
    fsync(fd, (error) => {
      running = false;
      if (closed) {
        closeSync(fd);
        for (const w of batch) w.reject(new Error('payment store closed before the commit was durable'));
        return;
      }
      if (error) {
        for (const w of batch) w.reject(error);
      } else {
        durableSeq = Math.max(durableSeq, coversSeq);
        for (const w of batch) w.resolve();
      }
      if (waiting.length > 0) start();
    });
  };

  return {
    sync: () =>
      new Promise<void>((resolve, reject) => {
        if (closed) {
          reject(new Error('payment store is closed'));
          return;
        }
        waiting.push({ resolve, reject });
        if (!running) start();
      }),
    noteOutboxSeq: (seq) => {
      committedSeq = Math.max(committedSeq, seq);
    },
    durableOutboxSeq: () => durableSeq,
    close: () => {
      closed = true;
      if (!running) closeSync(fd);
    },
  };
}
