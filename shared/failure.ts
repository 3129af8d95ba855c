// How a failure crosses the boundary between main and the renderer: one code from one union, a message a
// person can act on, and, where the UI must branch, a machine-readable reason. Never branch on message text.

export type ErrorCode =
  | 'invalid_input' // the input failed validation; message names the field
  | 'not_connected' // no cluster connection configured yet
  | 'unreachable' // the broker cannot be reached right now
  | 'auth' // credentials were refused
  | 'not_found' // a topic, group, record, scan or job that does not (or no longer) exist
  | 'forbidden' // the caller is not allowed (sender frame, token)
  | 'refused' // a safety check refused the request; `reason` says which
  | 'transient' // the cluster is busy for a moment (coordinator loading, leader moving): try again
  | 'cancelled' // the caller left before the answer (socket closed, page left); nobody reads this
  | 'internal';

/**
 * Why a request was refused or invalid, for the UI to branch on:
 * - `stage-unhealthy`: the redelivery health gate failed (the person may override it)
 * - `confirmation-required`: a foreign DLQ needs its target topic typed out
 * - `invalid-filter`: a browse filter does not parse
 * - `invalid-map`: a pipeline map does not validate
 * - `invalid-profile`: a connection profile's field (a file, a secret) is not usable; `field` names it
 * - `read-only`: the connection's profile is read-only and the channel writes
 * - `not-authorized`: the broker refused the principal (TOPIC/GROUP/CLUSTER_AUTHORIZATION_FAILED); the message names the resource
 * - `cluster-name-required`: a production profile's redelivery needs the cluster's (profile's) name typed, and it was not
 */
export type FailureReason =
  | 'stage-unhealthy'
  | 'confirmation-required'
  | 'invalid-filter'
  | 'invalid-map'
  | 'invalid-profile'
  | 'read-only'
  | 'not-authorized'
  | 'cluster-name-required'
  // A read reached its bound on records or bytes; the request may raise it.
  | 'read-bound';

export interface AppError {
  code: ErrorCode;
  message: string;
  detail?: string;
  reason?: FailureReason;
  /** The input field the message is about (e.g. `caFile`, `profile.bootstrap`), for a form to mark. */
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };
