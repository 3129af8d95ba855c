// The one place for the names of dead-letter and redelivery headers: Spring Kafka's two sets, Kafka
// Connect's, Eventdesk's own (eventdesk_*), and the provenance of a console redelivery (eventdesk-redelivery-*).

/** Spring `DeadLetterPublishingRecoverer` (blocking retries → `<topic>.DLT`). */
export const springDltHeaders = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition', // 4-byte big-endian int
  originalOffset: 'kafka_dlt-original-offset', // 8-byte big-endian long
  originalTimestamp: 'kafka_dlt-original-timestamp', // 8-byte big-endian long, epoch ms
  originalTimestampType: 'kafka_dlt-original-timestamp-type', // e.g. CreateTime
  originalConsumerGroup: 'kafka_dlt-original-consumer-group',
  exceptionFqcn: 'kafka_dlt-exception-fqcn',
  exceptionCauseFqcn: 'kafka_dlt-exception-cause-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  exceptionStacktrace: 'kafka_dlt-exception-stacktrace',
} as const;

/** Spring `@RetryableTopic` (non-blocking retries): same encodings, names without `dlt`, plus retry state. */
export const springRetryTopicHeaders = {
  originalTopic: 'kafka_original-topic',
  originalPartition: 'kafka_original-partition',
  originalOffset: 'kafka_original-offset',
  originalTimestamp: 'kafka_original-timestamp',
  originalTimestampType: 'kafka_original-timestamp-type',
  originalConsumerGroup: 'kafka_original-consumer-group',
  exceptionFqcn: 'kafka_exception-fqcn',
  exceptionCauseFqcn: 'kafka_exception-cause-fqcn',
  exceptionMessage: 'kafka_exception-message',
  exceptionStacktrace: 'kafka_exception-stacktrace',
  attempts: 'retry_topic-attempts', // 4-byte int (1-byte legacy form still read)
  originalRetryTimestamp: 'retry_topic-original-timestamp', // BigInteger.toByteArray(), epoch ms
  backoffTimestamp: 'retry_topic-backoff-timestamp', // same encoding: when the retry is due
} as const;

/** Kafka Connect sink DLQ (`errors.deadletterqueue.context.headers.enable=true`): all UTF-8 strings. */
export const connectErrorHeaders = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  connectorName: '__connect.errors.connector.name',
  taskId: '__connect.errors.task.id',
  stage: '__connect.errors.stage',
  className: '__connect.errors.class.name',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
  exceptionStacktrace: '__connect.errors.exception.stacktrace',
} as const;

/** Eventdesk's own headers, UTF-8 text (readable with kcat): what Spring's set does not carry. */
export const eventdeskHeaders = {
  /** How many times the stage tried the record (decimal). */
  attempts: 'eventdesk_attempts',
  /** Epoch ms of the first failure (decimal). */
  firstFailureTime: 'eventdesk_first_failure_time',
  /** Epoch ms of the latest failure (decimal). */
  lastFailureTime: 'eventdesk_last_failure_time',
  errorFingerprint: 'eventdesk_error_fingerprint',
  stage: 'eventdesk_stage',
  /** transient | permanent | poison */
  errorClass: 'eventdesk_error_class',
  /** Retry tiers: epoch ms when the record is due again (decimal). */
  dueAt: 'eventdesk_due_at',
  /** Retry tiers: where the record was first consumed, kept across hops. */
  originTopic: 'eventdesk_origin_topic',
  originPartition: 'eventdesk_origin_partition',
  originOffset: 'eventdesk_origin_offset',
  originTimestamp: 'eventdesk_origin_timestamp',
  lastError: 'eventdesk_last_error',
} as const;

/** Provenance of a record the console redelivered (UTF-8 text); the loop guard reads the count. */
export const redeliveryHeaders = {
  id: 'eventdesk-redelivery-id',
  job: 'eventdesk-redelivery-job',
  by: 'eventdesk-redelivered-by',
  at: 'eventdesk-redelivered-at',
  dlqTopic: 'eventdesk-redelivery-dlq-topic',
  dlqPartition: 'eventdesk-redelivery-dlq-partition',
  dlqOffset: 'eventdesk-redelivery-dlq-offset',
  count: 'eventdesk-redelivery-count',
} as const;

const deadLetterPrefixes = [
  'kafka_dlt-',
  'kafka_original-',
  'kafka_exception-',
  'kafka_key-exception-',
  'retry_topic-',
  '__connect.errors.',
  'eventdesk_',
];

/** True for every header this module writes or reads: what a redelivery strips before re-publishing. */
export function isDeadLetterHeader(name: string): boolean {
  return deadLetterPrefixes.some((prefix) => name.startsWith(prefix));
}

/** Headers whose value is a time in epoch milliseconds (binary or decimal text), shown as a date beside the raw value. */
export const timestampHeaderNames: ReadonlySet<string> = new Set([
  springDltHeaders.originalTimestamp,
  springRetryTopicHeaders.originalTimestamp,
  springRetryTopicHeaders.originalRetryTimestamp,
  springRetryTopicHeaders.backoffTimestamp,
  eventdeskHeaders.firstFailureTime,
  eventdeskHeaders.lastFailureTime,
  eventdeskHeaders.dueAt,
  eventdeskHeaders.originTimestamp,
  redeliveryHeaders.at,
]);
