// Opens a SQLite file in WAL mode, shared by several processes. Instances of one stage share their processed-event
// store, so two of them starting together race to switch the file to WAL; SQLite answers that race with SQLITE_BUSY
// without calling the busy handler, so the switch is retried here until the other process has finished its own.
import Database from 'better-sqlite3';

const WAL_SWITCH_DEADLINE_MS = 15_000;
const WAL_SWITCH_PAUSE_MS = 25;

export type Synchronous = 'NORMAL' | 'FULL';

export function openWalDatabase(file: string, synchronous: Synchronous): Database.Database {
  const db = new Database(file, { timeout: 5000 });
  const deadline = Date.now() + WAL_SWITCH_DEADLINE_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      break;
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) {
        db.close();
        throw error;
      }
      pauseSync(WAL_SWITCH_PAUSE_MS);
    }
  }
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}

function isBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
}

// A stage opens its store once, before it consumes anything, so a short synchronous pause blocks no work.
function pauseSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
