// The dead-letter reads as worker jobs: sampling the candidate topics, grouping a DLQ's records by error and
// listing them run in the engine worker. The ledger stays in main (jobs write it), so main hands each job the
// ledger's marks for its DLQ, and counts a listing's handled records itself from the offsets sent back.
import type { DlqGroupsResult, DlqLedgerMark, DlqRecordsResult } from '../../../shared/dlq';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { EngineConnection } from '../workers/engineLink';
import { clusterFor } from '../workers/workerClusters';
import type { JobContext } from '../workers/workerHost';
import { groupDlqErrors, listDlqRecords, sampleDlqTopics, type SampledDlqTopic } from './dlqTriage';

interface DlqJobBase {
  connection: EngineConnection;
  map: PipelineMap;
}

export type DlqSampleJobInput = DlqJobBase;

export interface DlqGroupsJobInput extends DlqJobBase {
  topic: string;
  maxRecords?: number;
  /** The ledger's marks for this DLQ, by coordinatesKey. */
  marks: ReadonlyMap<string, DlqLedgerMark>;
}

export interface DlqRecordsJobInput extends DlqJobBase {
  query: Parameters<typeof listDlqRecords>[1];
  marks: ReadonlyMap<string, DlqLedgerMark>;
}

const depsOf = (input: DlqJobBase, context: JobContext, marks?: ReadonlyMap<string, DlqLedgerMark>) => ({
  records: clusterFor(input.connection).records,
  map: input.map,
  signal: context.signal,
  ...(marks ? { ledgerMarks: () => Promise.resolve(marks) } : {}),
});

export function dlqSampleJob(input: DlqSampleJobInput, context: JobContext): Promise<SampledDlqTopic[]> {
  return sampleDlqTopics(depsOf(input, context));
}

export function dlqGroupsJob(input: DlqGroupsJobInput, context: JobContext): Promise<DlqGroupsResult> {
  return groupDlqErrors(depsOf(input, context, input.marks), input.topic, input.maxRecords);
}

export function dlqRecordsJob(input: DlqRecordsJobInput, context: JobContext): Promise<DlqRecordsResult> {
  return listDlqRecords(depsOf(input, context, input.marks), input.query);
}
