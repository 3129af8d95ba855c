import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createConsoleBackend } from '../backend';
import { startEventLoopDelayMonitor } from './eventLoopDelay';

const block = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose: this is what a heavy scan on the main loop would do to every request.
  }
};

describe('event-loop delay', () => {
  it('sees a blocked main loop and reports it in milliseconds', async () => {
    const monitor = startEventLoopDelayMonitor(5);
    try {
      await sleep(50);
      const idle = monitor.read();
      expect(idle.maxMs).toBeLessThan(100);
      block(150);
      await sleep(20);
      const busy = monitor.read();
      expect(busy.maxMs).toBeGreaterThanOrEqual(120);
      expect(busy.samples).toBeGreaterThan(idle.samples);
      monitor.reset();
      await sleep(30);
      expect(monitor.read().maxMs).toBeLessThan(100);
    } finally {
      monitor.stop();
    }
  });

  it('is part of cluster.status, beside the connection state', async () => {
    const backend = createConsoleBackend();
    try {
      await sleep(30);
      const status = await backend.handlers['cluster.status']({});
      expect(status.state).toBe('disconnected');
      expect(status.diagnostics.eventLoopDelay).toMatchObject({
        p50Ms: expect.any(Number),
        p99Ms: expect.any(Number),
        maxMs: expect.any(Number),
      });
      expect(status.diagnostics.eventLoopDelay.samples).toBeGreaterThan(0);
    } finally {
      await backend.dispose();
    }
  });
});
