// The dlq channels: dead-letter topics, their errors grouped, and a group's records marked with what
// the team-wide ledger says was already done about each.
import type { DomainHandlers } from '../../../shared/contract';
import type { DlqLedgerMark } from '../../../shared/dlq';
import type { PipelineMap } from '../../../shared/pipelineMap';
import { coordinatesKey, type DlqCoordinates } from '../../../shared/redelivery';
import type { RecordPort } from '../kafka/recordPort';
import { groupDlqErrors, listDlqRecords, listDlqTopics } from './dlqTriage';

/** What the ledger recorded for each dead letter, by coordinatesKey (absent: nothing yet); served by the redelivery domain. */
export type LedgerMarks = (records: readonly DlqCoordinates[]) => Promise<ReadonlyMap<string, DlqLedgerMark>>;

export function createDlqHandlers(deps: {
  records: () => Promise<RecordPort>;
  map: () => PipelineMap;
  ledgerMarks: LedgerMarks;
}): DomainHandlers<'dlq'> {
  // Each read stops when its caller leaves (the context's signal).
  const reads = async (signal?: AbortSignal) => ({ records: await deps.records(), map: deps.map(), signal });
  return {
    'dlq.list': async (_input, context) => listDlqTopics(await reads(context?.signal)),
    'dlq.groups': async ({ topic, maxRecords }, context) =>
      groupDlqErrors(await reads(context?.signal), topic, maxRecords),
    'dlq.records': async (query, context) => {
      const listed = await listDlqRecords(await reads(context?.signal), query);
      // Mark records someone already redelivered (any console), so the UI does not offer them again.
      const marks = await deps.ledgerMarks(listed.records);
      for (const r of listed.records) {
        const mark = marks.get(coordinatesKey(r));
        if (mark) r.ledger = mark;
      }
      return listed;
    },
  };
}
