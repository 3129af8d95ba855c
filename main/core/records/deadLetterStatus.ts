// Where a dead letter stands: its entry in the team-wide ledger, the loop guard, and whether a newer dead
// letter in the same DLQ says its redelivery failed again (the provenance headers point back at it).
import type { DeadLetterStatus, DlqFailedAgain, DlqLedgerMark, DlqRecordSummary } from '../../../shared/dlq';
import { coordinatesKey, type DlqCoordinates } from '../../../shared/redelivery';

/** True when one more redelivery would pass the map's limit: the loop guard skips the record. */
export const loopGuardStops = (redeliveryCount: number, maxRedeliveries: number): boolean =>
  redeliveryCount + 1 > maxRedeliveries;

/** Newer dead letters by the dead letter they are a failed redelivery of; the newest wins. */
export class FailedAgainIndex {
  private readonly byOrigin = new Map<string, DlqFailedAgain>();

  add(
    summary: Pick<
      DlqRecordSummary,
      'redeliveredFrom' | 'partition' | 'offset' | 'timestamp' | 'exceptionClass' | 'message'
    >,
  ): void {
    if (!summary.redeliveredFrom) return;
    const key = coordinatesKey(summary.redeliveredFrom);
    const before = this.byOrigin.get(key);
    if (before && before.timestamp > summary.timestamp) return;
    this.byOrigin.set(key, {
      partition: summary.partition,
      offset: summary.offset,
      timestamp: summary.timestamp,
      exceptionClass: summary.exceptionClass,
      message: summary.message,
    });
  }

  get(dlq: DlqCoordinates): DlqFailedAgain | undefined {
    return this.byOrigin.get(coordinatesKey(dlq));
  }
}

export interface StatusInputs {
  marks: ReadonlyMap<string, DlqLedgerMark>;
  failedAgain: FailedAgainIndex;
  maxRedeliveries: number;
}

export interface DeadLetterState {
  status: DeadLetterStatus;
  ledger?: DlqLedgerMark;
  failedAgain?: DlqFailedAgain;
}

export function deadLetterState(
  summary: Pick<DlqRecordSummary, 'topic' | 'partition' | 'offset' | 'redeliveryCount'>,
  inputs: StatusInputs,
): DeadLetterState {
  const ledger = inputs.marks.get(coordinatesKey(summary));
  // A newer dead letter pointing back is proof of a redelivery even when the ledger entry is gone.
  const failedAgain = inputs.failedAgain.get(summary);
  if (failedAgain) return { status: 'failed-again', failedAgain, ...(ledger ? { ledger } : {}) };
  if (ledger) return { status: ledger.result === 'confirmed' ? 'confirmed' : 'redelivered', ledger };
  return {
    status: loopGuardStops(summary.redeliveryCount, inputs.maxRedeliveries) ? 'loop-guard' : 'outstanding',
  };
}
