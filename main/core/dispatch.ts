// The one entry point both transports use: channel check, zod parse, handler call, error mapping.
// It never throws: whatever happens comes back as a Result.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  contract,
  isChannel,
  isWriteChannel,
  type Channel,
  type Handlers,
  type RequestContext,
} from '../../shared/contract';
import type { AppError, Result } from '../../shared/failure';
import { AppFailure } from './appFailure';
import { KafkaPortError, connectivityKinds } from './kafka/kafkaPort';

/** "bootstrap: Invalid bootstrap server: ..." for the first problem; every problem in detail. */
function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): AppError {
  const lines = issues.map((i) =>
    i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message,
  );
  const first = lines[0] ?? 'Invalid input';
  const path = issues[0]?.path ?? [];
  const field = path.length > 0 ? { field: path.map(String).join('.') } : {};
  return lines.length > 1
    ? { code: 'invalid_input', message: first, detail: lines.join('\n'), ...field }
    : { code: 'invalid_input', message: first, ...field };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  if (error instanceof KafkaPortError) {
    if (error.kind === 'not_found') return { code: 'not_found', message: error.message };
    if (error.kind === 'auth') return { code: 'auth', message: error.message };
    if (connectivityKinds.has(error.kind)) return { code: 'unreachable', message: error.message };
    if (error.retryable)
      return { code: 'transient', message: `Kafka is busy for a moment (${error.message}); try again.` };
    return { code: 'internal', message: `Kafka answered with an error: ${error.message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error in the console backend: ${message}` };
}

/** A read that meets a passing broker state (coordinator loading, leader moving) is tried again after these. */
export const TRANSIENT_RETRY_DELAYS_MS = [250, 1000];

const cancelled: Result<unknown> = {
  ok: false,
  error: { code: 'cancelled', message: 'The request was cancelled: its caller left.' },
};

/** A broker that answered "not now", as opposed to one that cannot be reached or refused the request. */
const isTransient = (error: unknown): boolean =>
  error instanceof KafkaPortError && error.retryable && !connectivityKinds.has(error.kind);

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
  /** Aborted when the caller leaves; a transport without cancellation passes none. */
  signal: AbortSignal = new AbortController().signal,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    const shown = typeof channel === 'string' ? `"${channel.slice(0, 100)}"` : `a ${typeof channel}`;
    return {
      ok: false,
      error: { code: 'forbidden', message: `Unknown channel ${shown}: not in the contract.` },
    };
  }
  // Channels without parameters may be called with no input at all.
  const parsed = contract[channel].input.safeParse(
    rawInput === undefined || rawInput === null ? {} : rawInput,
  );
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error.issues) };
  // The parse above produced exactly this channel's input type; TypeScript cannot correlate the union.
  const handler = handlers[channel] as (input: unknown, context: RequestContext) => Promise<unknown>;
  for (let attempt = 0; ; attempt++) {
    try {
      return { ok: true, value: await handler(parsed.data, { signal }) };
    } catch (error) {
      if (signal.aborted) return cancelled;
      const delay = TRANSIENT_RETRY_DELAYS_MS[attempt];
      if (delay === undefined || isWriteChannel(channel) || !isTransient(error))
        return { ok: false, error: toAppError(error) };
      await sleep(delay, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return cancelled;
    }
  }
}

export type { Channel };
