// kafkajs failures as KafkaPortError, for both ports: the one place that reads kafkajs error names, codes
// and protocol error types, so nothing above main/core/kafka/ ever matches on a client library's wording.
import {
  KafkaPortError,
  type AuthorizationRefusal,
  type KafkaFailureKind,
  type SecurityFailure,
} from './kafkaPort';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  broker?: unknown;
  cause?: unknown;
  originalError?: unknown;
}

/** kafkajs wraps the interesting error (e.g. ECONNREFUSED) inside retry and non-retriable wrappers. */
export function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 8) {
    const e = current as ErrorLike;
    chain.push(e);
    current = e.cause ?? e.originalError;
    if (current === e) break;
  }
  return chain;
}

const refusalTypes: ReadonlySet<string> = new Set<AuthorizationRefusal>([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
]);

const notFoundTypes = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'GROUP_ID_NOT_FOUND', 'UNKNOWN_TOPIC_ID']);
const authTypes = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
]);

/**
 * Broker states that pass on their own: a leader or coordinator moving or loading, a rebalance, too few
 * in-sync replicas for a moment, a broker-side timeout. kafkajs 2.2.4 uses the older protocol names
 * (GROUP_LOAD_IN_PROGRESS, NOT_COORDINATOR_FOR_GROUP, NOT_LEADER_FOR_PARTITION); both spellings are listed.
 */
const transientTypes = new Set([
  'COORDINATOR_LOAD_IN_PROGRESS',
  'GROUP_LOAD_IN_PROGRESS',
  'COORDINATOR_NOT_AVAILABLE',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'NOT_COORDINATOR_FOR_GROUP',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_LEADER_FOR_PARTITION',
  'PREFERRED_LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'REPLICA_NOT_AVAILABLE',
  'BROKER_NOT_AVAILABLE',
  'NOT_CONTROLLER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REBALANCE_IN_PROGRESS',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'KAFKA_STORAGE_ERROR',
  'OFFSET_NOT_AVAILABLE',
  'UNSTABLE_OFFSET_COMMIT',
]);

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Node's and OpenSSL's codes for a certificate check that failed, by what the person should fix. */
const securityCodes: ReadonlyMap<string, SecurityFailure> = new Map([
  ...[
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_UNTRUSTED',
    'CERT_SIGNATURE_FAILURE',
  ].map((code) => [code, 'untrusted-certificate'] as const),
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname-mismatch'],
  ['CERT_HAS_EXPIRED', 'certificate-expired'],
  ['CERT_NOT_YET_VALID', 'certificate-expired'],
  ...[
    'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
    'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
    'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
    'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
    'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
    'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  ].map((code) => [code, 'client-certificate-refused'] as const),
  ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls'],
  ['ERR_SSL_PACKET_LENGTH_TOO_LONG', 'not-tls'],
]);

/** The name of the OAUTHBEARER token source's failures (main/core/access/oauthToken.ts). */
const tokenEndpointError = 'TokenEndpointError';

/** Node's words when the peer hangs up during the TLS handshake: a plaintext listener does exactly that. */
const handshakeHangUp = 'before secure TLS connection was established';

/** What the caller knows about the connection that the error alone does not say. */
export interface ErrorContext {
  /** Whether the client spoke TLS. */
  tls?: boolean;
  /** True while no broker has answered the client yet (a first contact, not a broker going away later). */
  firstContact?: boolean;
}

/** What a kafkajs client knows about itself that its errors do not say. */
export function errorContext(client: { tls: boolean; answered: boolean }): ErrorContext {
  return { tls: client.tls, firstContact: !client.answered };
}

function securityFailure(
  e: ErrorLike,
  kind: KafkaFailureKind,
  context: ErrorContext,
): SecurityFailure | undefined {
  const known = securityCodes.get(text(e.code));
  if (known) return known;
  if (text(e.name) === tokenEndpointError) return 'token-failed';
  if (kind === 'auth' && text(e.name) === 'KafkaJSSASLAuthenticationError') return 'sasl-failed';
  if (text(e.message).includes(handshakeHangUp)) return 'not-tls';
  // A TLS listener drops a plaintext Kafka request without a word; later, a closed connection is a broker leaving.
  if (kind === 'connection_closed' && context.tls === false && context.firstContact === true)
    return 'expects-tls';
  return undefined;
}

function classify(e: ErrorLike): KafkaFailureKind | null {
  if (e instanceof KafkaPortError) return e.kind;
  const name = text(e.name);
  const message = text(e.message);
  const code = text(e.code);
  const type = text(e.type);
  // OAUTHBEARER's token source failed before kafkajs could sign in; its words are already the person's.
  if (name === tokenEndpointError) return 'auth';
  if (name === 'KafkaJSSASLAuthenticationError' || authTypes.has(type)) return 'auth';
  const security = securityCodes.get(code);
  if (security) return security === 'not-tls' ? 'connection_closed' : 'tls';
  if (message.includes(handshakeHangUp)) return 'connection_closed';
  // A topic deleted between listing and reading: kafkajs's refreshed metadata simply lacks it.
  if (notFoundTypes.has(type) || name === 'KafkaJSTopicMetadataNotLoaded') return 'not_found';
  // The broker answered: whatever its message says (REQUEST_TIMED_OUT reads "The request timed out"), the
  // cluster is reachable, so a transient broker state is never reported as a connectivity failure.
  if (transientTypes.has(type)) return 'other';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/.test(message)) return 'dns';
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    /CERT|certificate|SSL routines/i.test(`${code} ${message}`)
  )
    return 'tls';
  if (name === 'KafkaJSRequestTimeoutError' || /timeout|timed out|ETIMEDOUT/i.test(`${code} ${message}`))
    return 'timeout';
  if (
    name === 'KafkaJSConnectionClosedError' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection closed/i.test(message)
  ) {
    return 'connection_closed';
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'timeout';
  return null;
}

/**
 * Any failure of a kafkajs call as a KafkaPortError: the innermost recognisable cause decides the kind,
 * the broker address comes from the chain (else `bootstrap`), and `retryable` is set for transient broker
 * states and for timeouts and closed connections. A KafkaPortError is returned unchanged.
 */
export function toKafkaPortError(
  error: unknown,
  bootstrap: readonly string[] = [],
  context: ErrorContext = {},
): KafkaPortError {
  if (error instanceof KafkaPortError) return error;
  const chain = errorChain(error);
  const where = bootstrap.length > 0 ? bootstrap.join(',') : undefined;
  const broker = chain.map((c) => c.broker).find((b): b is string => typeof b === 'string') ?? where;
  const transient = chain.some((c) => transientTypes.has(text(c.type)));
  for (const e of chain) {
    const kind = classify(e);
    if (kind) {
      const message = typeof e.message === 'string' ? e.message : String(error);
      // The wrappers kafkajs puts around a TLS error keep its words but not its code: ask the whole chain.
      const security = chain.map((c) => securityFailure(c, kind, context)).find((f) => f !== undefined);
      // A handshake that failed fails the same way next time; only the backoff of the connection retries it.
      // "expects-tls" is a likely reading, not a certainty: the call may still be tried again.
      const settled = security !== undefined && security !== 'expects-tls';
      const retryable = !settled && (transient || kind === 'timeout' || kind === 'connection_closed');
      const refusal = chain.map((c) => text(c.type)).find((t) => refusalTypes.has(t)) as
        AuthorizationRefusal | undefined;
      return new KafkaPortError(kind, message, broker, {
        cause: error,
        retryable,
        ...(security ? { security } : {}),
        ...(refusal ? { refusal } : {}),
      });
    }
  }
  const top = chain[0];
  const message = top && typeof top.message === 'string' ? top.message : String(error);
  return new KafkaPortError('other', message, broker, { cause: error, retryable: false });
}
