// Messages between the main loop and an engine worker, and how failures cross: structured clone keeps
// only plain data, so the backend's own failure types are taken apart and rebuilt on the other side.
import type { ErrorCode, FailureReason } from '../../../shared/failure';
import { AppFailure } from '../appFailure';
import { KafkaPortError, type KafkaFailureKind } from '../kafka/kafkaPort';

export type ToWorker =
  { type: 'run'; id: number; job: string; input: unknown } | { type: 'cancel'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; value: unknown }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: WorkerError };

export type WorkerError =
  | { type: 'app'; code: ErrorCode; message: string; detail?: string; reason?: FailureReason }
  | { type: 'kafka'; kind: KafkaFailureKind; message: string; broker?: string; retryable: boolean }
  | { type: 'cancelled'; message: string }
  | { type: 'other'; name: string; message: string };

export function toWorkerError(error: unknown, cancelled: boolean): WorkerError {
  if (cancelled) return { type: 'cancelled', message: 'cancelled: the caller left' };
  if (error instanceof AppFailure)
    return {
      type: 'app',
      code: error.code,
      message: error.message,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      ...(error.reason === undefined ? {} : { reason: error.reason }),
    };
  if (error instanceof KafkaPortError)
    return {
      type: 'kafka',
      kind: error.kind,
      message: error.message,
      ...(error.broker === undefined ? {} : { broker: error.broker }),
      retryable: error.retryable,
    };
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'other', name: e.name, message: e.message };
}

export function fromWorkerError(error: WorkerError): Error {
  switch (error.type) {
    case 'app':
      return new AppFailure(error.code, error.message, {
        ...(error.detail === undefined ? {} : { detail: error.detail }),
        ...(error.reason === undefined ? {} : { reason: error.reason }),
      });
    case 'kafka':
      return new KafkaPortError(error.kind, error.message, error.broker, { retryable: error.retryable });
    case 'cancelled':
      return new DOMException(error.message, 'AbortError');
    default:
      return new Error(`${error.name}: ${error.message}`);
  }
}
