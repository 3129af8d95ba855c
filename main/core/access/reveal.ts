// Reveal: one record's personal data, unmasked, for a person who said why. The audit entry is written to
// the team-wide ledger first; only when the broker took it does the plain record leave main.
import { randomUUID } from 'node:crypto';
import {
  REVEAL_DURATION_MS,
  type RecordCoordinates,
  type RevealAuditEntry,
  type RevealedRecord,
} from '../../../shared/privacy';
import type { RecordView } from '../../../shared/recordView';
import { notFound } from '../appFailure';
import type { LedgerView } from '../redelivery/ledger';

export interface RevealDeps {
  /** The whole record, unmasked, or null when it is not there. */
  readRecord: (at: RecordCoordinates) => Promise<RecordView | null>;
  ledger: () => Promise<LedgerView>;
  who: () => string;
  now: () => number;
}

export async function revealRecord(
  deps: RevealDeps,
  request: RecordCoordinates & { reason: string },
): Promise<RevealedRecord> {
  const { topic, partition, offset, reason } = request;
  const record = await deps.readRecord({ topic, partition, offset });
  if (!record)
    throw notFound(
      `no record at ${topic} partition ${partition} offset ${offset}: there is nothing to reveal`,
    );
  const at = deps.now();
  const audit: RevealAuditEntry = {
    revealId: randomUUID(),
    who: deps.who(),
    at,
    reason,
    record: { topic, partition, offset },
    expiresAt: at + REVEAL_DURATION_MS,
  };
  const ledger = await deps.ledger();
  await ledger.ensure();
  await ledger.write([{ type: 'reveal', ...audit }]);
  return { record, audit };
}
