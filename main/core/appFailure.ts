// A failure a handler raises on purpose: it crosses the transport as an AppError with this code.
import type { AppError, ErrorCode } from '../../shared/failure';

export class AppFailure extends Error {
  override readonly name = 'AppFailure';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }

  toAppError(): AppError {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}
