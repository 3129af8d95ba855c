// A job's self-pause, followed through: while moving, what failed again is read from the stage's retry topics
// and DLQ (failureWatcher.ts) and tallied; each confirmation round's tally is checked in turn. Past the
// threshold (autoPause.ts) the job pauses and says why, until a person resumes it. Both are audited as gate
// events in the ledger.
import { randomUUID } from 'node:crypto';
import type { PipelineMap, PipelineStage } from '../../../shared/pipelineMap';
import type { RedeliveryFailure, RedeliveryJobStatus } from '../../../shared/redelivery';
import type { RecordPort } from '../kafka/recordPort';
import { AutoPause, pausedSentence } from './autoPause';
import { FailureWatcher } from './failureWatcher';
import type { RedeliveryOutcome } from './jobAccounting';
import type { LedgerJobDefinition, LedgerRedelivery, LedgerView } from './ledger';

/** What the self-pause reads and changes of its job. */
export interface PausingJob {
  records: RecordPort;
  map: PipelineMap;
  ledger: LedgerView;
  now: () => number;
  definition: LedgerJobDefinition;
  /** The stage the job's records go back to. */
  stage: PipelineStage | null | undefined;
  /** The job's status: the pause sets its state and reason. */
  status: () => RedeliveryJobStatus;
  /** The state a resumed job goes back to. */
  phase: () => 'running' | 'confirming';
  cancelled: () => boolean;
  /** Items this run moved or recovered (by redelivery key), and the redeliveries of the job's items. */
  own: ReadonlySet<string>;
  results: ReadonlyMap<string, LedgerRedelivery>;
  /** Tallies outcomes into the job's status. */
  account: (
    outcomes: ReadonlyMap<string, RedeliveryOutcome>,
    failures: ReadonlyMap<string, RedeliveryFailure>,
  ) => void;
  notify: () => void;
}

export class SelfPause {
  private readonly autoPause: AutoPause;
  /** Follows the stage's retry topics and DLQ while moving, so a record failing again is seen at once. */
  private readonly watcher: FailureWatcher;
  private lastWatchAt = -Infinity;
  /** Pause checks of the confirmation rounds, chained so their ledger writes stay in order. */
  private pauseCheck: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: PausingJob,
    threshold: number,
  ) {
    this.autoPause = new AutoPause(threshold);
    this.watcher = new FailureWatcher(job.records, job.map, job.now());
  }

  get paused(): boolean {
    return this.job.status().state === 'paused';
  }

  /** A person resumes a job that paused itself: audited, and failures count again from here. */
  async resume(who: string): Promise<void> {
    if (!this.paused) return;
    const status = this.job.status();
    this.autoPause.resumed(status.failedAgain);
    await this.job.ledger.write([this.gateEvent('resume', who, `resumed by ${who}`)]);
    status.state = this.job.phase();
    delete status.pausedReason;
    this.job.notify();
  }

  /** While moving: reads what failed again since the last look (at most every half second) and tallies it. */
  async watch(force = false): Promise<void> {
    const stage = this.job.stage;
    const now = this.job.now();
    if (!stage || (!force && now - this.lastWatchAt < 500)) return;
    this.lastWatchAt = now;
    await this.watcher.read(stage);
    const outcomes = new Map<string, RedeliveryOutcome>();
    const failures = new Map<string, RedeliveryFailure>();
    for (const k of this.job.own) {
      const id = this.job.results.get(k)?.redeliveryId;
      const failure = id ? this.watcher.get(id) : undefined;
      if (failure) {
        outcomes.set(k, 'failed-again');
        failures.set(k, failure);
      }
    }
    this.job.account(outcomes, failures);
    await this.checkPause();
  }

  /** After a confirmation round's tally: checks for a pause after the checks before it. */
  checkInTurn(): void {
    this.pauseCheck = this.pauseCheck.then(() => this.checkPause());
  }

  /** The confirmation rounds' pause checks so far, done. */
  settled(): Promise<void> {
    return this.pauseCheck;
  }

  /** Pauses the job when more than the threshold of its records failed again; audited. */
  private async checkPause(): Promise<void> {
    const status = this.job.status();
    if (this.paused || this.job.cancelled() || !this.autoPause.exceeded(status.failedAgain)) return;
    const sentence = pausedSentence(status.failedAgain, status.moved + status.recovered, status.failures);
    status.state = 'paused';
    status.pausedReason = sentence;
    this.job.notify();
    await this.job.ledger.write([this.gateEvent('pause', this.job.definition.who, sentence)]);
  }

  private gateEvent(event: 'pause' | 'resume', who: string, reason: string) {
    return {
      type: 'gate' as const,
      event,
      eventId: randomUUID(),
      jobId: this.job.definition.jobId,
      who,
      at: this.job.now(),
      dlqTopic: this.job.definition.dlqTopic,
      reason,
      evidence: this.job.status().pausedReason ?? reason,
    };
  }
}
