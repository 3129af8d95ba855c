import { describe, expect, it } from 'vitest';
import type { DlqLedgerMark, DlqRecordSummary } from '../../../shared/dlq';
import { coordinatesKey } from '../../../shared/redelivery';
import { deadLetterState, FailedAgainIndex, loopGuardStops } from './deadLetterStatus';

const dlq = 'payments.succeeded.receipts.dlq';
const summary = (offset: string, extra: Partial<DlqRecordSummary> = {}) => ({
  topic: dlq,
  partition: 0,
  offset,
  timestamp: 1_000 + Number(offset),
  redeliveryCount: 0,
  exceptionClass: 'SmtpError',
  message: `refused at ${offset}`,
  ...extra,
});
const mark = (result: DlqLedgerMark['result']): DlqLedgerMark => ({
  result,
  at: 5,
  who: 'ana',
  jobId: 'j1',
  targetTopic: 'payments.succeeded.receipts.redelivery',
});

describe('dead-letter status', () => {
  it('reads the ledger: nothing is outstanding, redelivered is pending, confirmed is confirmed', () => {
    const marks = new Map([
      [coordinatesKey(summary('1')), mark('redelivered')],
      [coordinatesKey(summary('2')), mark('confirmed')],
    ]);
    const inputs = { marks, failedAgain: new FailedAgainIndex(), maxRedeliveries: 3 };
    expect(deadLetterState(summary('0'), inputs)).toEqual({ status: 'outstanding' });
    expect(deadLetterState(summary('1'), inputs)).toMatchObject({
      status: 'redelivered',
      ledger: { who: 'ana' },
    });
    expect(deadLetterState(summary('2'), inputs).status).toBe('confirmed');
  });

  it('stops at the loop guard only once the limit is reached', () => {
    expect(loopGuardStops(2, 3)).toBe(false);
    expect(loopGuardStops(3, 3)).toBe(true);
    const inputs = { marks: new Map(), failedAgain: new FailedAgainIndex(), maxRedeliveries: 3 };
    expect(deadLetterState(summary('4', { redeliveryCount: 3 }), inputs).status).toBe('loop-guard');
    expect(deadLetterState(summary('4', { redeliveryCount: 2 }), inputs).status).toBe('outstanding');
  });

  it('names the newest dead letter a redelivery turned into, with its error, even without a ledger entry', () => {
    const failedAgain = new FailedAgainIndex();
    const from = { topic: dlq, partition: 0, offset: '1' };
    failedAgain.add(summary('9', { redeliveredFrom: from, message: 'still refused' }));
    failedAgain.add(summary('7', { redeliveredFrom: from, message: 'older' }));
    failedAgain.add(summary('8'));
    const marks = new Map([[coordinatesKey(summary('1')), mark('confirmed')]]);
    expect(deadLetterState(summary('1'), { marks, failedAgain, maxRedeliveries: 3 })).toMatchObject({
      status: 'failed-again',
      failedAgain: { offset: '9', message: 'still refused' },
      ledger: { result: 'confirmed' },
    });
    expect(deadLetterState(summary('1'), { marks: new Map(), failedAgain, maxRedeliveries: 3 }).status).toBe(
      'failed-again',
    );
    expect(deadLetterState(summary('8'), { marks, failedAgain, maxRedeliveries: 3 }).status).toBe(
      'outstanding',
    );
  });
});
