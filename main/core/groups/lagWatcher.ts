// Samples every group's total lag in the background while connected, so lag history exists before
// anyone opens the groups view.
import type { Clock } from '../clock';
import type { ConnectionManager } from '../cluster/connection';

export interface LagWatcher {
  stop(): void;
}

export function startLagWatcher(deps: {
  connection: ConnectionManager;
  clock: Clock;
  sample: () => Promise<void>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}): LagWatcher {
  const intervalMs = deps.intervalMs ?? 5_000;
  let cancel: (() => void) | null = null;
  let stopped = false;
  let running = false;

  const tick = async () => {
    cancel = null;
    // Never overlap: a slow cluster stretches the interval instead of piling up requests.
    if (stopped || running) return;
    if (deps.connection.status().state === 'connected') {
      running = true;
      try {
        await deps.sample();
      } catch (error) {
        deps.onError?.(error);
      } finally {
        running = false;
      }
    }
    if (!stopped) cancel = deps.clock.schedule(intervalMs, () => void tick());
  };

  // Sample right away when a connection comes up, not up to one interval later.
  const unsubscribe = deps.connection.onChange((status) => {
    if (status.state === 'connected' && !running) {
      cancel?.();
      cancel = deps.clock.schedule(0, () => void tick());
    }
  });
  cancel = deps.clock.schedule(intervalMs, () => void tick());

  return {
    stop() {
      stopped = true;
      cancel?.();
      unsubscribe();
    },
  };
}
