// The dlq channels: dead-letter topics, their errors grouped, and a group's records, each with where it
// stands according to the team-wide ledger (outstanding, redelivered, confirmed, failed again, loop guard).
// With an engine, the reading and grouping run in its worker; this loop asks the ledger and routes.
import type { DomainHandlers } from '../../../shared/contract';
import type { DlqGroupsResult, DlqRecordsResult } from '../../../shared/dlq';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { RecordPort } from '../kafka/recordPort';
import { affinityOf, type EngineLink } from '../workers/engineLink';
import type { DlqGroupsJobInput, DlqRecordsJobInput, DlqSampleJobInput } from './dlqJobs';
import {
  countDlqTopics,
  groupDlqErrors,
  listDlqRecords,
  listDlqTopics,
  type LedgerMarks,
  type SampledDlqTopic,
} from './dlqTriage';

export type { LedgerMarks };

export function createDlqHandlers(deps: {
  records: () => Promise<RecordPort>;
  map: () => PipelineMap;
  /** Served by the redelivery domain, which owns the ledger. */
  ledgerMarks: LedgerMarks;
  /** Where the reads run: a worker thread; in-line on this loop when absent (ports in tests). */
  engine?: EngineLink;
}): DomainHandlers<'dlq'> {
  // Each read stops when its caller leaves (the context's signal).
  const reads = async (signal?: AbortSignal) => ({
    records: await deps.records(),
    map: deps.map(),
    ledgerMarks: deps.ledgerMarks,
    signal,
  });
  const { engine } = deps;
  if (!engine)
    return {
      'dlq.list': async (_input, context) => listDlqTopics(await reads(context?.signal)),
      'dlq.groups': async ({ topic, maxRecords }, context) =>
        groupDlqErrors(await reads(context?.signal), topic, maxRecords),
      'dlq.records': async (query, context) => listDlqRecords(await reads(context?.signal), query),
    };
  const run = async <T>(job: string, input: (base: DlqSampleJobInput) => unknown, signal?: AbortSignal) => {
    const connection = await engine.connection();
    return engine.pool.run<T>(job, input({ connection, map: deps.map() }), {
      signal,
      affinity: affinityOf(connection),
    });
  };
  return {
    'dlq.list': async (_input, context) =>
      countDlqTopics(await run<SampledDlqTopic[]>('dlq.sample', (b) => b, context?.signal), deps.ledgerMarks),
    'dlq.groups': async ({ topic, maxRecords }, context) => {
      const marks = await deps.ledgerMarks(topic);
      return run<DlqGroupsResult>(
        'dlq.groups',
        (b) =>
          ({
            ...b,
            topic,
            ...(maxRecords === undefined ? {} : { maxRecords }),
            marks,
          }) satisfies DlqGroupsJobInput,
        context?.signal,
      );
    },
    'dlq.records': async (query, context) => {
      const marks = await deps.ledgerMarks(query.topic);
      return run<DlqRecordsResult>(
        'dlq.records',
        (b) => ({ ...b, query, marks }) satisfies DlqRecordsJobInput,
        context?.signal,
      );
    },
  };
}
