// Stuck payments through the console as it ships: the backend hands the computation to its engine worker,
// over the bridge's HTTP transport; a client that hangs up has its work in the worker stopped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStatus } from '../../shared/cluster';
import type { Result } from '../../shared/failure';
import type { StuckPaymentsResult } from '../../shared/payments';
import { startBridge, type RunningBridge } from './server';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { dispatch } from '../core/dispatch';
import { createKafkajsRecords } from '../core/kafka/kafkajsRecords';
import { commitGroupOffsets } from '../core/test/kafkaFixtures';
import { runKcat } from '../core/test/kcat';
import { createMapTopics, testPipelineMap } from '../core/test/testPipeline';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { computeStuckPayments } from '../core/payments/stuckPayments';

const EVENTS = 300_000;

describe('stuck payments in the engine worker, over the bridge', () => {
  const map = testPipelineMap(uniqueName('worker'));
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const dir = mkdtempSync(join(tmpdir(), 'engine-worker-'));
  let backend: ConsoleBackend;
  let bridge: RunningBridge;

  /** POST /rpc/<channel>; `hangUp` closes the connection before the answer, as a leaving client does. */
  const rpc = (channel: string, input: unknown, hangUp?: Promise<void>) =>
    new Promise<{ result?: Result<unknown>; ms: number }>((ok, fail) => {
      const started = Date.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: `/rpc/${channel}`,
          method: 'POST',
          headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => ok({ result: JSON.parse(body) as Result<unknown>, ms: Date.now() - started }));
        },
      );
      req.on('error', (error) => (hangUp === undefined ? fail(error) : ok({ ms: Date.now() - started })));
      req.end(JSON.stringify(input));
      void hangUp?.then(() => req.destroy());
    });
  const engine = async () => {
    const status = await dispatch(backend.handlers, 'cluster.status', {});
    if (!status.ok) throw new Error(status.error.message);
    return (status.value as ClusterStatus).diagnostics.engine!;
  };

  beforeAll(async () => {
    await createMapTopics(records, map);
    const lines = Array.from(
      { length: EVENTS },
      (_, i) => `${map.name}-${i}\t{"paymentId":"${map.name}-${i}"}`,
    );
    await runKcat(
      ['-P', '-b', testBootstrap(), '-t', map.sourceTopic, '-K', '\t', '-z', 'lz4'],
      lines.join('\n') + '\n',
    );
    // Both stages consumed everything but the last few records of each partition.
    const marks = await records.watermarks(map.sourceTopic);
    for (const stage of map.stages)
      await commitGroupOffsets(
        testBootstrap(),
        stage.consumerGroup,
        map.sourceTopic,
        marks.map((m) => ({ partition: m.partition, offset: String(Number(m.high) - 5) })),
      );
    const mapFile = join(dir, 'map.json');
    writeFileSync(mapFile, JSON.stringify(map));
    backend = createConsoleBackend({ bootstrap: [testBootstrap()], pipelineMapPath: mapFile });
    await dispatch(backend.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
    for (let i = 0; i < 50; i++) {
      const view = await dispatch(backend.handlers, 'pipeline.map', {});
      if (view.ok && (view.value as { source: string }).source === 'file') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    bridge = await startBridge({ handlers: backend.handlers, staticDir: dir });
  }, 120_000);
  afterAll(async () => {
    await bridge?.close();
    await backend?.dispose();
    await records.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers in the worker what the in-line computation answers, and refreshes there', async () => {
    const from = Date.now() - 60 * 60_000;
    const viaWorker = await rpc('payments.stuck', { from });
    expect(viaWorker.result?.ok).toBe(true);
    const answer = (viaWorker.result as { value: StuckPaymentsResult }).value;
    const inline = await computeStuckPayments({ records, map, now: () => Date.now() }, { from });
    expect(answer.events).toBe(EVENTS);
    expect(answer.stuck).toBe(15);
    expect(answer.counts).toEqual(inline.counts);
    expect(answer.rows.map((r) => r.paymentId)).toEqual(inline.rows.map((r) => r.paymentId));
    expect(answer.engine).toMatchObject({ mode: 'evidence', refresh: false, recordsRead: 15 });
    const again = (await rpc('payments.stuck', { from })).result as { value: StuckPaymentsResult };
    expect(again.value.engine).toMatchObject({ mode: 'evidence', refresh: true, recordsRead: 0 });
    expect(await engine()).toMatchObject({ workers: 1, running: 0 });
  });

  it('stops the work in the worker within a second of the client hanging up', async () => {
    // Listing done payments reads every event: seconds of work here.
    const query = { from: Date.now() - 60 * 60_000, includeDone: true, limit: 10 };
    const whole = await rpc('payments.stuck', query);
    expect(whole.result?.ok).toBe(true);
    const before = await engine();
    // Hang up once the work runs in the worker.
    let hungUpAt = 0;
    const working = (async () => {
      while ((await engine()).running === 0) await new Promise((r) => setTimeout(r, 10));
      hungUpAt = Date.now();
    })();
    const left = await rpc('payments.stuck', query, working);
    expect(left.result).toBeUndefined();
    const closedAt = hungUpAt;
    let after = await engine();
    while (after.running > 0 && Date.now() - closedAt < 5000) {
      await new Promise((r) => setTimeout(r, 20));
      after = await engine();
    }
    const stoppedMs = Date.now() - closedAt;
    expect(after.running).toBe(0);
    expect(after.cancelled).toBe(before.cancelled + 1);
    expect(stoppedMs).toBeLessThan(1000);
    // It stopped, rather than finished: the whole read takes longer than the hang-up plus the stop.
    expect(whole.ms).toBeGreaterThan(left.ms + stoppedMs);
  }, 60_000);
});
