// One dead-letter record as the console summarises it: decoded headers (any of the formats found in the
// wild), its payment, fingerprint and redelivery count; problems with its headers named, never thrown.
import { decodeDeadLetterHeaders } from '../../../shared/dlqHeaders';
import { redeliveryHeaders } from '../../../shared/deadLetterHeaderNames';
import type { DlqRecordSummary } from '../../../shared/dlq';
import type { PipelineMap } from '../../../shared/pipelineMap';
import type { DlqCoordinates } from '../../../shared/redelivery';
import { headerValue, type KafkaRecord } from '../kafka/recordPort';
import { bytesToId, ceIdOf, correlationIdOf, toRawHeaders } from './recordFields';

/** The group of records whose headers say nothing usable about the failure. */
export const UNKNOWN_FINGERPRINT = 'fp_unknown';

/** Where a redelivered record came from (its provenance headers): the redelivery id and the dead letter. */
export function provenanceOf(
  record: Pick<KafkaRecord, 'headers'>,
): { redeliveryId: string | null; dlq: DlqCoordinates } | null {
  const text = (name: string) => {
    const bytes = headerValue(record.headers, name);
    return bytes ? bytesToId(bytes) : null;
  };
  const topic = text(redeliveryHeaders.dlqTopic);
  const partition = text(redeliveryHeaders.dlqPartition);
  const offset = text(redeliveryHeaders.dlqOffset);
  if (!topic || !partition || !offset || !/^\d{1,9}$/.test(partition) || !/^\d{1,19}$/.test(offset))
    return null;
  return { redeliveryId: text(redeliveryHeaders.id), dlq: { topic, partition: Number(partition), offset } };
}

export function summarizeDlqRecord(record: KafkaRecord, map: PipelineMap): DlqRecordSummary {
  const info = decodeDeadLetterHeaders(toRawHeaders(record.headers));
  const countBytes = headerValue(record.headers, redeliveryHeaders.count);
  const countText = countBytes ? bytesToId(countBytes) : '0';
  const redeliveryCount = /^\d+$/.test(countText) ? Number(countText) : 0;
  const problems = [...info.problems];
  const from = provenanceOf(record)?.dlq;
  if (countBytes && !/^\d+$/.test(countText))
    problems.push(`${redeliveryHeaders.count}: expected a decimal number, got "${countText.slice(0, 40)}"`);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    paymentId: correlationIdOf(record, map.correlationKey),
    ceId: ceIdOf(record),
    format: info.format,
    fingerprint: info.fingerprint ?? UNKNOWN_FINGERPRINT,
    exceptionClass: info.exceptionClass,
    message: info.message,
    originalTopic: info.originalTopic,
    originalPartition: info.partition,
    originalOffset: info.offset,
    consumerGroup: info.consumerGroup,
    attempts: info.attempts,
    redeliveryCount,
    ...(from ? { redeliveredFrom: from } : {}),
    problems,
  };
}
