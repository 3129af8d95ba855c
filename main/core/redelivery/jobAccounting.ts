// A job's numbers: every record this run moved (or recovered after a crash) is confirmed, failed again,
// unconfirmable or still waiting, exactly one of them. Records redelivered earlier (by anyone) are skipped
// and never counted here, so confirmed never exceeds what the job moved.
export type RedeliveryOutcome = 'confirmed' | 'failed-again' | 'unconfirmable';

export interface JobTally {
  confirmed: number;
  failedAgain: number;
  unconfirmable: number;
  waiting: number;
}

export function tallyJob(
  own: ReadonlySet<string>,
  outcomes: ReadonlyMap<string, RedeliveryOutcome>,
): JobTally {
  const tally: JobTally = { confirmed: 0, failedAgain: 0, unconfirmable: 0, waiting: 0 };
  for (const key of own) {
    const outcome = outcomes.get(key);
    if (outcome === 'confirmed') tally.confirmed++;
    else if (outcome === 'failed-again') tally.failedAgain++;
    else if (outcome === 'unconfirmable') tally.unconfirmable++;
    else tally.waiting++;
  }
  return tally;
}
