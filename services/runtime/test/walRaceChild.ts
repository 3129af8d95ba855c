// One of several processes that open the same fresh SQLite files at the same moment, as the instances of one stage
// do when the sandbox starts them together. Prints how many opens failed.
import { openWalDatabase } from '../walDatabase';

const [dir, files, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // Spin until the shared start time, so every process races for the same file.
}
let failures = 0;
for (let index = 0; index < Number(files); index++) {
  try {
    const db = openWalDatabase(`${dir}/store-${index}.sqlite`, 'FULL');
    db.exec('CREATE TABLE IF NOT EXISTS processed_events (ce_id TEXT PRIMARY KEY)');
    db.close();
  } catch (error) {
    failures++;
    console.error(error instanceof Error ? error.message : String(error));
  }
}
process.stdout.write(String(failures));
