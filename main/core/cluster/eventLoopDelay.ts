// How long the main event loop made work wait, measured by Node itself (perf_hooks): the console's
// promise is that this loop only routes, so its delay is reported with the connection's state.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EventLoopDelay } from '../../../shared/cluster';

export interface EventLoopDelayMonitor {
  /** Percentiles since the monitor started or was last reset. */
  read(): EventLoopDelay;
  reset(): void;
  stop(): void;
}

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;

export function startEventLoopDelayMonitor(resolutionMs = 10): EventLoopDelayMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let since = Date.now();
  return {
    read: () => ({
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
      samples: histogram.count,
      sinceMs: since,
    }),
    reset() {
      histogram.reset();
      since = Date.now();
    },
    stop: () => histogram.disable(),
  };
}
