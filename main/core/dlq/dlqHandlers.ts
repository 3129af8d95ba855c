// The dlq channels: dead-letter topics, their errors grouped, and a group's records, each with where it
// stands according to the team-wide ledger (outstanding, redelivered, confirmed, failed again, loop guard).
import type { DomainHandlers } from '../../../shared/contract';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';
import { groupDlqErrors, listDlqRecords, listDlqTopics, type LedgerMarks } from './dlqTriage';

export type { LedgerMarks };

export function createDlqHandlers(deps: {
  records: () => Promise<RecordPort>;
  map: () => PipelineMap;
  /** Served by the redelivery domain, which owns the ledger. */
  ledgerMarks: LedgerMarks;
}): DomainHandlers<'dlq'> {
  // Each read stops when its caller leaves (the context's signal).
  const reads = async (signal?: AbortSignal) => ({
    records: await deps.records(),
    map: deps.map(),
    ledgerMarks: deps.ledgerMarks,
    signal,
  });
  return {
    'dlq.list': async (_input, context) => listDlqTopics(await reads(context?.signal)),
    'dlq.groups': async ({ topic, maxRecords }, context) =>
      groupDlqErrors(await reads(context?.signal), topic, maxRecords),
    'dlq.records': async (query, context) => listDlqRecords(await reads(context?.signal), query),
  };
}
