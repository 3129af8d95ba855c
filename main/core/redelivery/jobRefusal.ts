// The broker-refusal stop: when the broker refuses one of a job's writes (its ACLs said no), the job stops with
// a JobRefused that names who, what and where. A batch refused on its one target topic gives its claims back
// first (nothing reached the topic, so no record stays locked for a lease), and the refusal is audited.
import { randomUUID } from 'node:crypto';
import { brokerRefusal, refusalMessage, type RefusedAction } from '../brokerRefusal';
import type { AuthorizationRefusal } from '../kafka/kafkaPort';
import type { RecordPort } from '../kafka/recordPort';
import { giveBack, type ClaimWithInstance } from './claims';
import type { LedgerJobDefinition, LedgerView } from './ledger';
import type { PlannedItem } from './plan';

/** The broker refused one of the job's writes: the job stops, and the refusal is audited. */
export class JobRefused extends Error {
  override name = 'JobRefused';
  constructor(
    readonly refusal: AuthorizationRefusal,
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the stop uses of its job. */
export interface RefusalPorts {
  records: RecordPort;
  ledger: LedgerView;
  now: () => number;
}

/** A write the broker refused as the job's stop; any other failure unchanged. */
export function asJobStop(error: unknown, what: RefusedAction): unknown {
  const refusal = brokerRefusal(error);
  if (!refusal) return error;
  const message = refusalMessage(refusal, what);
  return new JobRefused(
    refusal,
    what.action,
    `${message} The job stopped; nothing was written to the target.`,
  );
}

/**
 * Produces the batch; when the broker refuses it, gives the claims back (nothing reached a refused topic, so
 * no record stays locked for a lease) and stops the job with the refusal. A batch over several target topics
 * keeps its claims: one topic may have taken its records, and a later job's verification finds them.
 */
export async function produceOrGiveBack(
  ports: RefusalPorts,
  who: string,
  won: PlannedItem[],
  claims: ReadonlyMap<PlannedItem, ClaimWithInstance>,
  records: Parameters<RecordPort['produce']>[0],
): Promise<Awaited<ReturnType<RecordPort['produce']>>> {
  try {
    return await ports.records.produce(records);
  } catch (error) {
    const targets = [...new Set(won.map((i) => i.targetTopic!))];
    const stop = asJobStop(error, {
      action: `write to \`${targets.join('`, `')}\``,
      needs: 'WRITE on that topic',
      principal: who,
    });
    if (stop instanceof JobRefused && targets.length === 1) {
      const at = ports.now();
      await ports.ledger.write(giveBack(won, claims, who, at)).catch(() => undefined);
    }
    throw stop;
  }
}

/** Audits the refusal that stopped the job (in the ledger when the principal may write it, else in memory). */
export async function auditRefusal(
  ports: RefusalPorts,
  definition: LedgerJobDefinition,
  error: JobRefused,
): Promise<void> {
  await ports.ledger.recordRefusal({
    type: 'refusal',
    refusalId: randomUUID(),
    who: definition.who,
    at: ports.now(),
    jobId: definition.jobId,
    action: error.action,
    brokerError: error.refusal,
    message: error.message,
  });
}
