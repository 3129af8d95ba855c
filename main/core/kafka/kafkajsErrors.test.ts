// Classification of kafkajs failures, built from kafkajs's own error classes (no broker needed).
import { describe, expect, it } from 'vitest';
import kafkajs, {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
  KafkaJSRequestTimeoutError,
  KafkaJSTopicMetadataNotLoaded,
} from 'kafkajs';
import { toKafkaPortError } from './kafkajsErrors';
import { KafkaPortError } from './kafkaPort';

const bootstrap = ['127.0.0.1:9999'];
// Exported by kafkajs at run time but missing from its typings.
const { KafkaJSConnectionClosedError } = kafkajs as unknown as Record<string, unknown>;

/** kafkajs's published typings lag its constructors; build errors exactly as kafkajs itself does at run time. */
function make(ctor: unknown, ...args: unknown[]): Error {
  return new (ctor as new (...a: unknown[]) => Error)(...args);
}

describe('toKafkaPortError', () => {
  const protocol = (type: string, code: number, retriable: boolean, message = 'x') =>
    make(KafkaJSProtocolError, { type, code, retriable, message });

  it('finds ECONNREFUSED under the retry wrapper and keeps the broker address', () => {
    const refused = make(KafkaJSConnectionError, 'Connection error: connect ECONNREFUSED 127.0.0.1:9999', {
      broker: '127.0.0.1:9999',
      code: 'ECONNREFUSED',
    });
    const wrapped = make(KafkaJSNumberOfRetriesExceeded, refused, { retryCount: 1, retryTime: 300 });
    const e = toKafkaPortError(make(KafkaJSNonRetriableError, wrapped, { cause: wrapped }), bootstrap);
    expect(e.kind).toBe('connection_refused');
    expect(e.broker).toBe('127.0.0.1:9999');
  });

  it('names an OAUTHBEARER token that could not be had, keeping its words, under the retry wrapper', () => {
    // What kafkajs throws when its oauthBearerProvider fails: the provider's own error, wrapped by the retrier.
    const failed = Object.assign(new Error('the token endpoint http://idp/token did not answer within 5 s'), {
      name: 'TokenEndpointError',
    });
    const wrapped = make(KafkaJSNumberOfRetriesExceeded, failed, { retryCount: 0, retryTime: 300 });
    const e = toKafkaPortError(make(KafkaJSNonRetriableError, wrapped, { cause: wrapped }), bootstrap);
    expect(e.kind).toBe('auth');
    expect(e.security).toBe('token-failed');
    expect(e.message).toBe('the token endpoint http://idp/token did not answer within 5 s');
    expect(e.retryable).toBe(false);
  });

  it('recognises DNS failures, timeouts and SASL refusals', () => {
    const dns = make(KafkaJSConnectionError, 'Connection error: getaddrinfo ENOTFOUND kafka.internal', {
      broker: 'kafka.internal:9092',
      code: 'ENOTFOUND',
    });
    expect(toKafkaPortError(dns, bootstrap).kind).toBe('dns');
    expect(
      toKafkaPortError(make(KafkaJSConnectionError, 'Connection timeout', { broker: 'x:1' }), bootstrap).kind,
    ).toBe('timeout');
    const requestTimeout = make(
      KafkaJSRequestTimeoutError,
      'Request Metadata(key: 3, version: 6) timed out',
      {},
    );
    expect(toKafkaPortError(requestTimeout, bootstrap).kind).toBe('timeout');
    expect(
      toKafkaPortError(make(KafkaJSSASLAuthenticationError, 'SASL PLAIN authentication failed'), bootstrap)
        .kind,
    ).toBe('auth');
  });

  it('maps unknown topic and unknown group to not_found', () => {
    const topic = make(KafkaJSProtocolError, {
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
      message: 'x',
    });
    expect(toKafkaPortError(topic, bootstrap).kind).toBe('not_found');
    const group = make(KafkaJSProtocolError, {
      type: 'GROUP_ID_NOT_FOUND',
      code: 69,
      retriable: false,
      message: 'x',
    });
    expect(toKafkaPortError(group, bootstrap).kind).toBe('not_found');
    // A topic deleted between listing and reading: kafkajs's metadata lacks it.
    const vanished = make(KafkaJSTopicMetadataNotLoaded, 'Topic metadata not loaded', { topic: 't' });
    expect(toKafkaPortError(vanished, bootstrap).kind).toBe('not_found');
  });

  it('keeps anything else as other, with its message', () => {
    const e = toKafkaPortError(new Error('weird'), bootstrap);
    expect(e.kind).toBe('other');
    expect(e.message).toBe('weird');
  });

  it('marks transient broker states retryable without calling the cluster unreachable', () => {
    for (const [type, code] of [
      ['GROUP_LOAD_IN_PROGRESS', 14],
      ['GROUP_COORDINATOR_NOT_AVAILABLE', 15],
      ['NOT_COORDINATOR_FOR_GROUP', 16],
      ['LEADER_NOT_AVAILABLE', 5],
      ['NOT_LEADER_FOR_PARTITION', 6],
      ['NOT_LEADER_OR_FOLLOWER', 6],
      ['COORDINATOR_LOAD_IN_PROGRESS', 14],
      ['NOT_COORDINATOR', 16],
      ['REBALANCE_IN_PROGRESS', 27],
    ] as const) {
      const e = toKafkaPortError(protocol(type, code, true), bootstrap);
      expect([type, e.kind, e.retryable]).toEqual([type, 'other', true]);
    }
    // The broker's own "The request timed out" answer: reachable, so not the connectivity kind 'timeout'.
    const brokerTimeout = toKafkaPortError(
      protocol('REQUEST_TIMED_OUT', 7, true, 'The request timed out'),
      bootstrap,
    );
    expect([brokerTimeout.kind, brokerTimeout.retryable]).toEqual(['other', true]);
    // Wrapped by kafkajs's retrier once its own retries ran out: still recognised.
    const exhausted = make(KafkaJSNumberOfRetriesExceeded, protocol('NOT_COORDINATOR_FOR_GROUP', 16, true), {
      retryCount: 5,
      retryTime: 3000,
    });
    expect(toKafkaPortError(exhausted, bootstrap).retryable).toBe(true);
  });

  it('marks client-side timeouts and closed connections retryable, refusals and auth not', () => {
    const timeout = toKafkaPortError(
      make(KafkaJSRequestTimeoutError, 'Request Fetch(key: 1) timed out', {}),
      bootstrap,
    );
    expect([timeout.kind, timeout.retryable]).toEqual(['timeout', true]);
    const closed = toKafkaPortError(
      make(KafkaJSConnectionClosedError, 'Closed connection', { host: 'h', port: 1 }),
      bootstrap,
    );
    expect([closed.kind, closed.retryable]).toEqual(['connection_closed', true]);
    const refused = make(KafkaJSConnectionError, 'connect ECONNREFUSED', {
      broker: 'b:1',
      code: 'ECONNREFUSED',
    });
    expect(toKafkaPortError(refused, bootstrap).retryable).toBe(false);
    expect(toKafkaPortError(make(KafkaJSSASLAuthenticationError, 'no'), bootstrap).retryable).toBe(false);
    expect(toKafkaPortError(protocol('TOPIC_AUTHORIZATION_FAILED', 29, false), bootstrap).kind).toBe('auth');
    expect(toKafkaPortError(protocol('UNKNOWN_TOPIC_OR_PARTITION', 3, true), bootstrap).retryable).toBe(
      false,
    );
  });

  it('carries each authorization refusal by name, for the words and the audit of a refused action', () => {
    for (const [type, code] of [
      ['TOPIC_AUTHORIZATION_FAILED', 29],
      ['GROUP_AUTHORIZATION_FAILED', 30],
      ['CLUSTER_AUTHORIZATION_FAILED', 31],
    ] as const) {
      const error = toKafkaPortError(protocol(type, code, false), bootstrap);
      expect([error.kind, error.refusal, error.retryable]).toEqual(['auth', type, false]);
    }
    expect(
      toKafkaPortError(protocol('UNKNOWN_TOPIC_OR_PARTITION', 3, true), bootstrap).refusal,
    ).toBeUndefined();
  });

  it('returns a KafkaPortError unchanged and keeps the original as the cause', () => {
    const own = new KafkaPortError('not_found', 'gone', 'b:1');
    expect(toKafkaPortError(own, bootstrap)).toBe(own);
    const original = new Error('weird');
    const e = toKafkaPortError(original);
    expect(e).toBeInstanceOf(KafkaPortError);
    expect(e.cause).toBe(original);
    expect(e.broker).toBeUndefined();
  });

  describe('names TLS and SASL failures as the connection saw them', () => {
    const wrappedTls = (code: string, message: string) =>
      make(
        KafkaJSNumberOfRetriesExceeded,
        make(KafkaJSConnectionError, `Connection error: ${message}`, { code }),
        {
          retryCount: 0,
          retryTime: 0,
        },
      );

    it.each([
      [
        'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
        'unable to verify the first certificate',
        'tls',
        'untrusted-certificate',
      ],
      [
        'SELF_SIGNED_CERT_IN_CHAIN',
        'self-signed certificate in certificate chain',
        'tls',
        'untrusted-certificate',
      ],
      [
        'ERR_TLS_CERT_ALTNAME_INVALID',
        "Hostname/IP does not match certificate's altnames",
        'tls',
        'hostname-mismatch',
      ],
      ['CERT_HAS_EXPIRED', 'certificate has expired', 'tls', 'certificate-expired'],
      [
        'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
        'alert certificate unknown',
        'tls',
        'client-certificate-refused',
      ],
      [
        'ECONNRESET',
        'Client network socket disconnected before secure TLS connection was established',
        'connection_closed',
        'not-tls',
      ],
    ])('%s is %s / %s and not retried on the spot', (code, message, kind, security) => {
      const e = toKafkaPortError(wrappedTls(code, message), bootstrap, { tls: true });
      expect([e.kind, e.security, e.retryable]).toEqual([kind, security, false]);
    });

    it('reads a closed connection as "expects TLS" only on a plaintext client no broker answered yet', () => {
      const closed = () => make(KafkaJSConnectionClosedError, 'Closed connection', { host: 'b', port: 1 });
      expect(toKafkaPortError(closed(), bootstrap, { tls: false, firstContact: true }).security).toBe(
        'expects-tls',
      );
      // After a broker answered, a closed connection is a broker going away (failover), not a TLS listener.
      expect(
        toKafkaPortError(closed(), bootstrap, { tls: false, firstContact: false }).security,
      ).toBeUndefined();
      expect(
        toKafkaPortError(closed(), bootstrap, { tls: true, firstContact: true }).security,
      ).toBeUndefined();
      expect(toKafkaPortError(closed(), bootstrap).security).toBeUndefined();
      expect(toKafkaPortError(closed(), bootstrap).retryable).toBe(true);
    });

    it('marks a SASL refusal', () => {
      const e = toKafkaPortError(
        make(KafkaJSSASLAuthenticationError, 'SASL SCRAM SHA512 authentication failed'),
      );
      expect([e.kind, e.security]).toEqual(['auth', 'sasl-failed']);
    });
  });
});
