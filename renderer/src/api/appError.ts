// Errors reach components as AppError values (the contract's envelope), whichever layer produced them.
import type { AppError, ErrorCode } from '../../../shared/failure';

const errorCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'invalid_input',
  'not_connected',
  'unreachable',
  'auth',
  'not_found',
  'forbidden',
  'internal',
]);

export function appError(code: ErrorCode, message: string, detail?: string): AppError {
  return detail === undefined ? { code, message } : { code, message, detail };
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    errorCodes.has(candidate.code as ErrorCode) &&
    typeof candidate.message === 'string'
  );
}

/** Anything thrown (a transport bug, a rejected promise) becomes an AppError a person can read. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  if (value instanceof Error) return appError('internal', value.message);
  return appError('internal', String(value));
}
