import { describe, expect, it } from 'vitest';
import { decodeDeadLetterHeaders } from '../../shared/dlqHeaders';
import { eventdeskHeaders } from '../../shared/deadLetterHeaderNames';
import { StageError } from '../stages/types';
import { paymentMessage, samplePayment } from '../sandbox/paymentEvents';
import {
  classifyFailure,
  deadLetterHeaders,
  eventHeadersOnly,
  originOf,
  parseEnvelope,
  previousAttempts,
  retryHeaders,
  type ConsumedRecord,
} from './envelope';

const payment = samplePayment(1);
const message = paymentMessage(payment, 'ce-1', 'corr-1');
const record = (overrides: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: 'payments.succeeded',
  partition: 2,
  offset: '9007199254740993',
  timestamp: '1764000000000',
  key: Buffer.from(payment.paymentId),
  value: Buffer.from(message.value),
  headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)])),
  ...overrides,
});
const failure = classifyFailure(
  new StageError('SMTP down', 'transient', 'eventdesk.receipts.SmtpUnavailable'),
);

describe('parseEnvelope', () => {
  it('reads a well-formed payment_success', () => {
    const parsed = parseEnvelope(record());
    expect(parsed).toMatchObject({ ok: true, ceId: 'ce-1', correlationId: 'corr-1', event: payment });
  });
  it('calls an empty value, bad JSON and invalid UTF-8 poison', () => {
    for (const value of [null, Buffer.from(''), Buffer.from('{'), Buffer.from([0xc3, 0x28])]) {
      const parsed = parseEnvelope(record({ value }));
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error.failureClass).toBe('poison');
    }
  });
});

describe('retry and dead-letter headers', () => {
  it('carries attempts, first failure and the origin across hops', () => {
    const first = retryHeaders(record(), {
      stage: 'receipts',
      groupId: 'receipts',
      failure,
      now: 1000,
      delayMs: 200,
    });
    expect(first[eventdeskHeaders.attempts]).toBe('1');
    expect(first[eventdeskHeaders.dueAt]).toBe('1200');
    expect(first.ce_id?.toString()).toBe('ce-1');
    const hop = record({
      topic: 'payments.succeeded.receipts.retry.1',
      partition: 0,
      offset: '5',
      timestamp: '1100',
      headers: first,
    });
    expect(previousAttempts(hop)).toBe(1);
    expect(originOf(hop)).toEqual({
      topic: 'payments.succeeded',
      partition: 2,
      offset: '9007199254740993',
      timestamp: '1764000000000',
    });
    const second = retryHeaders(hop, {
      stage: 'receipts',
      groupId: 'receipts',
      failure,
      now: 2000,
      delayMs: 1000,
    });
    expect(second[eventdeskHeaders.firstFailureTime]).toBe('1000');
    expect(second[eventdeskHeaders.attempts]).toBe('2');
    const dead = deadLetterHeaders(record({ topic: 'x.retry.2', headers: second }), {
      stage: 'receipts',
      groupId: 'receipts-g',
      failure,
      now: 3000,
    });
    expect(decodeDeadLetterHeaders(dead)).toMatchObject({
      originalTopic: 'payments.succeeded',
      partition: 2,
      offset: '9007199254740993',
      timestamp: 1764000000000,
      consumerGroup: 'receipts-g',
      attempts: 3,
      firstFailureAt: 1000,
      lastFailureAt: 3000,
      exceptionClass: 'eventdesk.receipts.SmtpUnavailable',
      problems: [],
    });
  });
  it('never forwards stale retry state as the event’s own headers', () => {
    expect(
      Object.keys(eventHeadersOnly({ ce_id: 'a', eventdesk_attempts: '2', 'kafka_dlt-original-topic': 't' })),
    ).toEqual(['ce_id']);
  });
  it('treats an unknown thrown value as transient', () => {
    expect(classifyFailure(new TypeError('x is undefined')).failureClass).toBe('transient');
    expect(classifyFailure('string thrown').errorName).toBe('Error');
  });
});
