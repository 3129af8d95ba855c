// One exponential backoff for every retry loop: the connection manager, the bridge transport, the stages.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Delay before retry number `failures` (1-based): initial, 2x, 4x, ... capped at maxMs. */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
}
