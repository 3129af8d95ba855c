// Each stage keeps its own state in its own SQLite file under the data dir, so stages share nothing.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openWalDatabase } from '../runtime/walDatabase';

export type StageDb = Database.Database;

export function openStageDb(dataDir: string, fileName: string): StageDb {
  mkdirSync(dataDir, { recursive: true });
  // WAL: the invariant checker reads while the stage writes; a crash (SIGKILL) never corrupts it.
  return openWalDatabase(join(dataDir, fileName), 'NORMAL');
}
