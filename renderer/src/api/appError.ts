// Errors reach components as AppError values (the contract's envelope), whichever layer produced them.
import type { AppError, ErrorCode } from '../../../shared/failure';

// A Record, so a code added to the union is a compile error here until it is listed.
const knownCodes: Record<ErrorCode, true> = {
  invalid_input: true,
  not_connected: true,
  unreachable: true,
  auth: true,
  not_found: true,
  forbidden: true,
  refused: true,
  transient: true,
  cancelled: true,
  internal: true,
};
const errorCodes: ReadonlySet<string> = new Set(Object.keys(knownCodes));

export function appError(code: ErrorCode, message: string, detail?: string): AppError {
  return detail === undefined ? { code, message } : { code, message, detail };
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    errorCodes.has(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

/** Anything thrown (a transport bug, a rejected promise) becomes an AppError a person can read. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) {
    // A plain copy: a thrown Error carrying a code keeps only the envelope's fields.
    const { code, message, detail, reason } = value;
    return {
      code,
      message,
      ...(detail !== undefined ? { detail } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
  }
  if (value instanceof Error) return appError('internal', value.message);
  return appError('internal', String(value));
}
