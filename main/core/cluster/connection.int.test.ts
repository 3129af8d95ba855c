// The connection state machine against real sockets: a port nobody listens on, then a real broker
// started on that very port. The backend must notice by itself, without another connect().
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../shared/cluster';
import type { Result } from '../../../shared/failure';
import { freePort, startBroker, type RunningBroker } from '../../../tools/kafka/broker';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';

let backend: ConsoleBackend | undefined;
let broker: RunningBroker | undefined;
afterAll(async () => {
  await backend?.dispose();
  await broker?.stop();
});

async function status(): Promise<ConnectionStatus> {
  const r = (await dispatch(backend!.handlers, 'cluster.status', {})) as Result<ConnectionStatus>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function waitFor(
  predicate: (s: ConnectionStatus) => boolean,
  timeoutMs: number,
): Promise<ConnectionStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await status();
    if (predicate(s)) return s;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(s)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('connection to a broker that is not there yet', () => {
  it('reports unreachable with the reason within 10 s, retries, and connects once a broker appears', async () => {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const started = Date.now();
    backend = createConsoleBackend({ bootstrap: [address] });

    const down = await waitFor((s) => s.state === 'unreachable', 10_000);
    const reportedAfterMs = Date.now() - started;
    console.log(`unreachable reported after ${reportedAfterMs} ms: ${down.error}`);
    expect(reportedAfterMs).toBeLessThan(10_000);
    expect(down.error).toBe(
      `Cannot reach ${address}: connection refused (nothing is listening on that port)`,
    );
    expect(down.nextRetryAt).toBeGreaterThan(Date.now() - 1_000);

    const overview = await dispatch(backend.handlers, 'cluster.overview', {});
    expect(overview).toMatchObject({ ok: false, error: { code: 'unreachable' } });

    const later = await waitFor((s) => s.attempts >= 3, 10_000);
    expect(later.state).toBe('unreachable');

    broker = await startBroker({ port, heap: '512m' });
    const upAt = Date.now();
    const up = await waitFor((s) => s.state === 'connected', 45_000);
    console.log(`connected ${Date.now() - upAt} ms after the broker started listening`);
    expect(up).toMatchObject({ state: 'connected', attempts: 0, bootstrap: [address] });
    expect(up.error).toBeUndefined();
    const cluster = await dispatch(backend.handlers, 'cluster.overview', {});
    expect(cluster).toMatchObject({ ok: true, value: { brokers: [{ nodeId: 1, host: '127.0.0.1', port }] } });
  });
});
