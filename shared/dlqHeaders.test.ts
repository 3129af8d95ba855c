import { describe, expect, it } from 'vitest';
import {
  connectErrorHeaders,
  eventdeskHeaders,
  isDeadLetterHeader,
  springDltHeaders,
  springRetryTopicHeaders,
} from './deadLetterHeaderNames';
import {
  decodeDeadLetterHeaders,
  encodeDeadLetterHeaders,
  encodeInt32BE,
  encodeInt64BE,
  encodeJavaBigInteger,
  errorFingerprint,
  FINGERPRINT_MESSAGE_CHARS,
  normalizeErrorMessage,
  type DeadLetterContext,
} from './dlqHeaders';

const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const context: DeadLetterContext = {
  originalTopic: 'payments.succeeded',
  partition: 2,
  offset: '9007199254740993', // 2^53 + 1: must survive as text
  timestamp: 1_764_000_000_123,
  consumerGroup: 'receipts',
  exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
  causeClass: 'Error',
  message: 'SMTP server unavailable (ECONNECTION): connect ECONNREFUSED 127.0.0.1:2525',
  stacktrace: 'Error: connect ECONNREFUSED\n    at TCPConnectWrap',
  attempts: 3,
  firstFailureAt: 1_764_000_001_000,
  lastFailureAt: 1_764_000_009_000,
  stage: 'receipts',
  errorClass: 'transient',
};

describe('Spring byte encodings', () => {
  it('writes partition as a 4-byte and offset/timestamp as 8-byte big-endian numbers', () => {
    const h = encodeDeadLetterHeaders(context);
    expect(hex(h[springDltHeaders.originalPartition]!)).toBe('00000002');
    expect(hex(h[springDltHeaders.originalOffset]!)).toBe('0020000000000001');
    expect(hex(h[springDltHeaders.originalTimestamp]!)).toBe(hex(encodeInt64BE(1_764_000_000_123n)));
    expect(new TextDecoder().decode(h[springDltHeaders.originalTopic])).toBe('payments.succeeded');
    expect(new TextDecoder().decode(h[springDltHeaders.originalTimestampType])).toBe('CreateTime');
    expect(new TextDecoder().decode(h[springDltHeaders.exceptionCauseFqcn])).toBe('Error');
    expect(new TextDecoder().decode(h[eventdeskHeaders.errorClass])).toBe('transient');
  });

  it('omits the message header when the message is null, as Spring does', () => {
    const h = encodeDeadLetterHeaders({ ...context, message: null });
    expect(h[springDltHeaders.exceptionMessage]).toBeUndefined();
  });

  it('encodes negative ints and Java BigIntegers in two’s complement', () => {
    expect(hex(encodeInt32BE(-1))).toBe('ffffffff');
    expect(hex(encodeJavaBigInteger(0n))).toBe('00');
    expect(hex(encodeJavaBigInteger(127n))).toBe('7f');
    expect(hex(encodeJavaBigInteger(128n))).toBe('0080');
    expect(hex(encodeJavaBigInteger(-1n))).toBe('ff');
    expect(hex(encodeJavaBigInteger(-129n))).toBe('ff7f');
    expect(hex(encodeJavaBigInteger(1_764_000_000_123n))).toBe('019ab697e87b');
  });
});

describe('decodeDeadLetterHeaders', () => {
  it('round-trips what Eventdesk writes (plus the record’s own ce_* headers)', () => {
    const info = decodeDeadLetterHeaders({ ...encodeDeadLetterHeaders(context), ce_id: text('abc') });
    expect(info).toMatchObject({
      format: 'spring-dlt',
      originalTopic: 'payments.succeeded',
      partition: 2,
      offset: '9007199254740993',
      timestamp: 1_764_000_000_123,
      timestampType: 'CreateTime',
      consumerGroup: 'receipts',
      exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
      causeClass: 'Error',
      message: context.message,
      stacktrace: context.stacktrace,
      attempts: 3,
      firstFailureAt: 1_764_000_001_000,
      lastFailureAt: 1_764_000_009_000,
      stage: 'receipts',
      errorClass: 'transient',
      fingerprint: errorFingerprint(context.exceptionClass, context.message ?? ''),
      problems: [],
    });
  });

  it('reads a Spring @RetryableTopic DLT record', () => {
    const h = springRetryTopicHeaders;
    const info = decodeDeadLetterHeaders({
      [h.originalTopic]: text('orders'),
      [h.originalPartition]: encodeInt32BE(7),
      [h.originalOffset]: encodeInt64BE(42n),
      [h.originalTimestamp]: encodeInt64BE(1_700_000_000_000n),
      [h.originalTimestampType]: text('LogAppendTime'),
      [h.originalConsumerGroup]: text('order-listener'),
      [h.exceptionFqcn]: text('org.springframework.kafka.listener.ListenerExecutionFailedException'),
      [h.exceptionCauseFqcn]: text('java.lang.IllegalStateException'),
      [h.exceptionMessage]: text('Listener failed; boom'),
      [h.exceptionStacktrace]: text('java.lang.IllegalStateException: boom\n\tat com.example.Listener'),
      [h.attempts]: encodeInt32BE(4),
      [h.originalRetryTimestamp]: encodeJavaBigInteger(1_700_000_000_500n),
      [h.backoffTimestamp]: encodeJavaBigInteger(1_700_000_004_500n),
    });
    expect(info).toMatchObject({
      format: 'spring-retry-topic',
      originalTopic: 'orders',
      partition: 7,
      offset: '42',
      timestamp: 1_700_000_000_000,
      timestampType: 'LogAppendTime',
      consumerGroup: 'order-listener',
      exceptionClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      causeClass: 'java.lang.IllegalStateException',
      attempts: 4,
      problems: [],
    });
    expect(info.fingerprint).toMatch(/^fp_[0-9a-f]{16}$/);
  });

  it('reads the legacy 1-byte retry_topic-attempts', () => {
    const info = decodeDeadLetterHeaders({ [springRetryTopicHeaders.attempts]: Uint8Array.of(3) });
    expect(info.attempts).toBe(3);
  });

  it('reads a Kafka Connect DLQ record (all strings) and offsets beyond 2^53', () => {
    const c = connectErrorHeaders;
    const info = decodeDeadLetterHeaders({
      [c.topic]: text('pg.public.orders'),
      [c.partition]: text('0'),
      [c.offset]: text('18446744073709551'),
      [c.connectorName]: text('jdbc-sink'),
      [c.taskId]: text('0'),
      [c.stage]: text('VALUE_CONVERTER'),
      [c.className]: text('org.apache.kafka.connect.json.JsonConverter'),
      [c.exceptionClass]: text('org.apache.kafka.connect.errors.DataException'),
      [c.exceptionMessage]: text('Converting byte[] to Kafka Connect data failed due to serialization error'),
      [c.exceptionStacktrace]: text('org.apache.kafka.connect.errors.DataException: …'),
    });
    expect(info).toMatchObject({
      format: 'kafka-connect',
      originalTopic: 'pg.public.orders',
      partition: 0,
      offset: '18446744073709551',
      consumerGroup: 'connect-jdbc-sink',
      exceptionClass: 'org.apache.kafka.connect.errors.DataException',
      connect: {
        connectorName: 'jdbc-sink',
        taskId: '0',
        stage: 'VALUE_CONVERTER',
        className: 'org.apache.kafka.connect.json.JsonConverter',
      },
      problems: [],
    });
  });

  it('accepts kafkajs shapes: string values and repeated keys (the last value wins)', () => {
    const info = decodeDeadLetterHeaders({
      [springDltHeaders.originalTopic]: 'payments.succeeded',
      [springDltHeaders.originalPartition]: [encodeInt32BE(1), encodeInt32BE(5)],
      [springDltHeaders.originalOffset]: encodeInt64BE(10n),
      [springDltHeaders.exceptionFqcn]: 'X',
      unrelated: undefined,
    });
    expect(info.partition).toBe(5);
    expect(info.problems).toEqual([]);
  });

  it('still decodes garbled headers, listing every problem', () => {
    const info = decodeDeadLetterHeaders({
      [springDltHeaders.originalTopic]: Uint8Array.of(0x70, 0xff, 0xfe), // invalid UTF-8
      [springDltHeaders.originalPartition]: Uint8Array.of(0, 1), // 2 bytes, not 4
      [springDltHeaders.originalOffset]: encodeInt32BE(77), // 4 bytes where 8 were expected
      [springDltHeaders.originalTimestamp]: text('1700000000000'), // decimal text instead of a long
      [springDltHeaders.exceptionMessage]: text('still readable'),
      [eventdeskHeaders.attempts]: text('three'),
    });
    expect(info.format).toBe('spring-dlt');
    expect(info.originalTopic).toBeNull();
    expect(info.partition).toBeNull();
    expect(info.offset).toBe('77');
    expect(info.timestamp).toBe(1_700_000_000_000);
    expect(info.message).toBe('still readable');
    expect(info.attempts).toBeNull();
    const problems = info.problems.join('\n');
    expect(problems).toContain('kafka_dlt-original-topic: not valid UTF-8 (hex 70fffe)');
    expect(problems).toContain(
      'kafka_dlt-original-partition: expected a 4-byte big-endian int, got 2 bytes (hex 0001)',
    );
    expect(problems).toContain('kafka_dlt-original-offset: expected a 8-byte big-endian long, got 4 bytes');
    expect(problems).toContain(
      'kafka_dlt-original-timestamp: expected a 8-byte big-endian long, got decimal text',
    );
    expect(problems).toContain('eventdesk_attempts: expected a decimal number');
    expect(problems).toContain('kafka_dlt-exception-fqcn: missing');
  });

  it('rejects implausible values instead of inventing them', () => {
    const info = decodeDeadLetterHeaders({
      [springDltHeaders.originalTopic]: 't',
      [springDltHeaders.originalPartition]: encodeInt32BE(-3),
      [springDltHeaders.originalOffset]: encodeInt64BE(-5n),
      [springDltHeaders.originalTimestamp]: encodeInt64BE(9_000_000_000_000_000_000n),
      [springDltHeaders.exceptionFqcn]: 'E',
    });
    expect(info.partition).toBeNull();
    expect(info.offset).toBeNull();
    expect(info.timestamp).toBeNull();
    expect(info.problems).toHaveLength(3);
  });

  it('decodes a record with no dead-letter headers at all', () => {
    const info = decodeDeadLetterHeaders({ ce_id: 'x' });
    expect(info.format).toBe('none');
    expect(info.problems).toEqual([expect.stringContaining('no dead-letter headers')]);
  });

  it('reads a retry-tier record from its eventdesk_* origin headers', () => {
    const info = decodeDeadLetterHeaders({
      [eventdeskHeaders.originTopic]: 'payments.succeeded',
      [eventdeskHeaders.originPartition]: '1',
      [eventdeskHeaders.originOffset]: '12',
      [eventdeskHeaders.attempts]: '1',
      [eventdeskHeaders.lastError]: 'SMTP down',
    });
    expect(info).toMatchObject({
      format: 'eventdesk',
      originalTopic: 'payments.succeeded',
      partition: 1,
      offset: '12',
      attempts: 1,
      message: 'SMTP down',
      problems: [],
    });
  });
});

describe('errorFingerprint', () => {
  it('groups messages that differ only in ids, numbers, uuids and emails', () => {
    const a = errorFingerprint(
      'SmtpRejected',
      'mailbox ada@example.com rejected for payment pay_123abc (550) at 127.0.0.1:2525',
    );
    const b = errorFingerprint(
      'SmtpRejected',
      'mailbox bob@test.org rejected for payment pay_9zz81 (551) at 10.0.0.7:25',
    );
    expect(a).toBe(b);
    expect(
      errorFingerprint(
        'Other',
        'mailbox ada@example.com rejected for payment pay_123abc (550) at 127.0.0.1:2525',
      ),
    ).not.toBe(a);
    expect(errorFingerprint('SmtpRejected', 'quota exceeded')).not.toBe(a);
  });

  it('normalises uuids, numbers and hex', () => {
    expect(
      normalizeErrorMessage(
        'event 3f2b8c1e-9a4d-4c7e-8b1a-0123456789ab failed after 3 tries, code 0xdeadBEEF',
      ),
    ).toBe('event <uuid> failed after <n> tries, code <hex>');
    expect(normalizeErrorMessage('  Unexpected token } in JSON at position 17  ')).toBe(
      'Unexpected token } in JSON at position <n>',
    );
  });

  it('decodes a dead letter with a 1 MB message quickly, keeping the whole message for display', () => {
    const long = `quota exceeded for ada@example.com ${'a@'.repeat(500_000)}`;
    const started = performance.now();
    const info = decodeDeadLetterHeaders({
      ...encodeDeadLetterHeaders({ ...context, message: long }),
      [eventdeskHeaders.errorFingerprint]: undefined,
    });
    expect(performance.now() - started).toBeLessThan(500);
    expect(info.message).toBe(long);
    // Recomputed from the headers (the written one removed); only the first FINGERPRINT_MESSAGE_CHARS characters count.
    expect(info.fingerprint).toBe(errorFingerprint(context.exceptionClass, long));
    expect(info.fingerprint).toBe(
      errorFingerprint(context.exceptionClass, long.slice(0, FINGERPRINT_MESSAGE_CHARS)),
    );
  });
});

describe('isDeadLetterHeader', () => {
  it('recognises every dead-letter family but not the event’s own headers', () => {
    for (const name of [
      'kafka_dlt-original-topic',
      'kafka_original-offset',
      'kafka_exception-fqcn',
      'retry_topic-attempts',
      '__connect.errors.topic',
      'eventdesk_attempts',
    ]) {
      expect(isDeadLetterHeader(name)).toBe(true);
    }
    for (const name of ['ce_id', 'content-type', 'correlationid'])
      expect(isDeadLetterHeader(name)).toBe(false);
  });
});
