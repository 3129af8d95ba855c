// Translation of kafkajs failures, built from kafkajs's own error classes (no broker needed).
import { describe, expect, it } from 'vitest';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
  KafkaJSRequestTimeoutError,
  KafkaJSTopicMetadataNotLoaded,
} from 'kafkajs';
import { translateKafkajsError } from './kafkajsAdapter';

const bootstrap = ['127.0.0.1:9999'];

/** kafkajs's published typings lag its constructors; build errors exactly as kafkajs itself does at run time. */
function make(ctor: unknown, ...args: unknown[]): Error {
  return new (ctor as new (...a: unknown[]) => Error)(...args);
}

describe('translateKafkajsError', () => {
  it('finds ECONNREFUSED under the retry wrapper and keeps the broker address', () => {
    const refused = make(KafkaJSConnectionError, 'Connection error: connect ECONNREFUSED 127.0.0.1:9999', {
      broker: '127.0.0.1:9999',
      code: 'ECONNREFUSED',
    });
    const wrapped = make(KafkaJSNumberOfRetriesExceeded, refused, { retryCount: 1, retryTime: 300 });
    const e = translateKafkajsError(make(KafkaJSNonRetriableError, wrapped, { cause: wrapped }), bootstrap);
    expect(e.kind).toBe('connection_refused');
    expect(e.broker).toBe('127.0.0.1:9999');
  });

  it('recognises DNS failures, timeouts and SASL refusals', () => {
    const dns = make(KafkaJSConnectionError, 'Connection error: getaddrinfo ENOTFOUND kafka.internal', {
      broker: 'kafka.internal:9092',
      code: 'ENOTFOUND',
    });
    expect(translateKafkajsError(dns, bootstrap).kind).toBe('dns');
    expect(
      translateKafkajsError(make(KafkaJSConnectionError, 'Connection timeout', { broker: 'x:1' }), bootstrap)
        .kind,
    ).toBe('timeout');
    const requestTimeout = make(
      KafkaJSRequestTimeoutError,
      'Request Metadata(key: 3, version: 6) timed out',
      {},
    );
    expect(translateKafkajsError(requestTimeout, bootstrap).kind).toBe('timeout');
    expect(
      translateKafkajsError(
        make(KafkaJSSASLAuthenticationError, 'SASL PLAIN authentication failed'),
        bootstrap,
      ).kind,
    ).toBe('auth');
  });

  it('maps unknown topic and unknown group to not_found', () => {
    const topic = make(KafkaJSProtocolError, {
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
      message: 'x',
    });
    expect(translateKafkajsError(topic, bootstrap).kind).toBe('not_found');
    const group = make(KafkaJSProtocolError, {
      type: 'GROUP_ID_NOT_FOUND',
      code: 69,
      retriable: false,
      message: 'x',
    });
    expect(translateKafkajsError(group, bootstrap).kind).toBe('not_found');
    // A topic deleted between listing and reading: kafkajs's metadata lacks it.
    const vanished = make(KafkaJSTopicMetadataNotLoaded, 'Topic metadata not loaded', { topic: 't' });
    expect(translateKafkajsError(vanished, bootstrap).kind).toBe('not_found');
  });

  it('keeps anything else as other, with its message', () => {
    const e = translateKafkajsError(new Error('weird'), bootstrap);
    expect(e.kind).toBe('other');
    expect(e.message).toBe('weird');
  });
});
