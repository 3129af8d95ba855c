// The one failure type of the backend: whatever a handler throws on purpose is an AppFailure, and it
// crosses the transport as an AppError with this code (and, where the UI must branch, a reason).
import type { AppError, ErrorCode, FailureReason } from '../../shared/failure';

export interface FailureExtras {
  /** Every problem, one per line, when the message names only the first. */
  detail?: string;
  reason?: FailureReason;
  field?: string;
}

export class AppFailure extends Error {
  override readonly name = 'AppFailure';
  readonly detail?: string;
  readonly reason?: FailureReason;
  readonly field?: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    extras: FailureExtras = {},
  ) {
    super(message);
    if (extras.detail !== undefined) this.detail = extras.detail;
    if (extras.reason !== undefined) this.reason = extras.reason;
    if (extras.field !== undefined) this.field = extras.field;
  }

  toAppError(): AppError {
    return {
      code: this.code,
      message: this.message,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/** A topic, group, record, scan or job that does not (or no longer) exist. */
export const notFound = (message: string): AppFailure => new AppFailure('not_found', message);

/** Input that parsed but makes no sense (a window that ends before it starts, a stage not in the map). */
export const invalidInput = (message: string, reason?: FailureReason): AppFailure =>
  new AppFailure('invalid_input', message, reason ? { reason } : {});

/** A safety check said no; `reason` tells the UI which one. */
export const refused = (message: string, reason?: FailureReason): AppFailure =>
  new AppFailure('refused', message, reason ? { reason } : {});

/** A connection profile field that parsed but cannot be used (a CA file that is not PEM, an unset variable). */
export const profileFieldProblem = (field: string, message: string): AppFailure =>
  new AppFailure('invalid_input', `${field}: ${message}`, { reason: 'invalid-profile', field });
