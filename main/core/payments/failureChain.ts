// The failure chain of a pipeline (retry tiers, DLQs, redelivery topics) as compact records, and the
// evidence they give: which payments are not simply done, and where their source event sits (the origin
// headers the stages write on retry and dead-letter records).
import { decodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { KafkaRecord, RecordPort } from '../kafka/recordPort';
import { committedMap } from '../records/committedOffsets';
import { ceIdOf, correlationIdOf, toRawHeaders } from '../records/recordFields';
import type { RoleTopic } from '../records/roleTopics';
import type { Offsets } from './stuckReads';
import { PaymentEvidence } from './stageEvidence';
import { nextAttemptAt } from '../records/retryRecord';

export interface ChainRecord {
  kind: 'retry' | 'dlq' | 'redelivery';
  stage: number;
  topic: string;
  paymentId: string;
  partition: number;
  offset: bigint;
  at: number;
  tier: number;
  /** A dead letter's error, or a retry record's last error. */
  reason: string | null;
  /** Retry records: when the stage tries the payment again. */
  nextAttemptAt?: number;
}

export interface SourceHint {
  partition: number;
  offset: bigint;
  /** The source event's time as the headers give it; without one, the event is read to learn it. */
  timestamp: number | null;
  /** The event's ce_id, which the stages forward on their failure records. */
  ceId: string | null;
}

/** One failure-chain record: its evidence, plus where its source event is when the headers say so. */
export function readChainRecord(
  record: KafkaRecord,
  role: RoleTopic,
  map: PipelineMap,
): { entry: ChainRecord; hint: SourceHint | null } | null {
  const paymentId = correlationIdOf(record, map.correlationKey);
  if (paymentId === null || (role.kind !== 'retry' && role.kind !== 'dlq' && role.kind !== 'redelivery'))
    return null;
  let reason: string | null = null;
  let hint: SourceHint | null = null;
  if (role.kind !== 'redelivery') {
    const info = decodeDeadLetterHeaders(toRawHeaders(record.headers));
    // Both a dead letter and a retry record say which error sent them there.
    reason =
      info.message && info.exceptionClass
        ? `${info.exceptionClass}: ${info.message}`
        : (info.message ?? info.exceptionClass);
    if (info.originalTopic === map.sourceTopic && info.partition !== null && info.offset !== null)
      hint = {
        partition: info.partition,
        offset: BigInt(info.offset),
        timestamp: info.timestamp,
        ceId: ceIdOf(record),
      };
  }
  return {
    entry: {
      kind: role.kind,
      stage: role.stage,
      topic: role.topic,
      paymentId,
      partition: record.partition,
      offset: BigInt(record.offset),
      at: record.timestamp,
      tier: role.tier ?? 1,
      reason,
      ...(role.kind === 'retry' ? { nextAttemptAt: nextAttemptAt(record, role.tier ?? 1) } : {}),
    },
    hint,
  };
}

/** The stage groups' commits on their retry and redelivery topics: which chain records were consumed. */
export async function chainCommits(
  records: RecordPort,
  map: PipelineMap,
  roles: readonly RoleTopic[],
): Promise<Map<string, Offsets>> {
  const out = new Map<string, Offsets>();
  await Promise.all(
    roles
      .filter((r) => r.kind === 'retry' || r.kind === 'redelivery')
      .map(async (r) =>
        out.set(r.topic, await committedMap(records, map.stages[r.stage]!.consumerGroup, r.topic)),
      ),
  );
  return out;
}

/**
 * The classification's evidence from the chain records and the outcome ids seen, with the consumed flags
 * of retry and redelivery records taken from the stage groups' current commits on those topics.
 */
export function buildEvidence(
  map: PipelineMap,
  chain: readonly ChainRecord[],
  outcomes: readonly Set<string>[],
  consumedBy: ReadonlyMap<string, Offsets>,
): PaymentEvidence {
  const evidence = new PaymentEvidence(
    map.stages.map((s) => ({ name: s.name, slaMs: s.slaMs, hasOutcomeTopic: s.outcomeTopic !== undefined })),
  );
  outcomes.forEach((ids, stage) => {
    for (const id of ids) evidence.addOutcome(stage, id);
  });
  const consumed = (c: ChainRecord) => {
    const committed = consumedBy.get(c.topic)?.get(c.partition);
    return committed !== undefined && committed > c.offset;
  };
  for (const c of chain) {
    if (c.kind === 'retry')
      evidence.addRetry(c.stage, c.paymentId, c.at, c.tier, consumed(c), {
        error: c.reason,
        nextAttemptAt: c.nextAttemptAt ?? c.at,
      });
    else if (c.kind === 'dlq') evidence.addDeadLetter(c.stage, c.paymentId, c.at, c.reason);
    else evidence.addRedelivery(c.stage, c.paymentId, c.at, consumed(c));
  }
  return evidence;
}
