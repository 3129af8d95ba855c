// Headers a redelivered record carries: the original headers (ce_id and friends) minus the dead-letter
// context, plus provenance so the stage, the DLQ and the audit log can tell where it came from.
import {
  isDeadLetterHeader,
  redeliveryHeaders as provenanceHeaders,
} from '../../../shared/deadLetterHeaderNames';
import type { DlqCoordinates } from '../../../shared/redelivery';
import type { RecordHeader } from '../kafka/recordPort';

export { provenanceHeaders };

const provenanceNames = new Set<string>(Object.values(provenanceHeaders));
const utf8 = new TextEncoder();

export interface Provenance {
  redeliveryId: string;
  jobId: string;
  who: string;
  at: number;
  dlq: DlqCoordinates;
  count: number;
}

export function redeliveredHeaders(original: readonly RecordHeader[], p: Provenance): RecordHeader[] {
  const kept = original.filter((h) => !isDeadLetterHeader(h.key) && !provenanceNames.has(h.key));
  const add = (key: string, value: string): RecordHeader => ({ key, value: utf8.encode(value) });
  return [
    ...kept,
    add(provenanceHeaders.id, p.redeliveryId),
    add(provenanceHeaders.job, p.jobId),
    add(provenanceHeaders.by, p.who),
    add(provenanceHeaders.at, String(p.at)),
    add(provenanceHeaders.dlqTopic, p.dlq.topic),
    add(provenanceHeaders.dlqPartition, String(p.dlq.partition)),
    add(provenanceHeaders.dlqOffset, p.dlq.offset),
    add(provenanceHeaders.count, String(p.count)),
  ];
}
