// Live updates end to end: the real backend against the real broker, a page on the real bridge WebSocket that
// only subscribes (it sends no request while it waits), and records that change a group's lag or add a
// not-done payment. The push must arrive within seconds; a quiet pipeline must push nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StuckPaymentsResult } from '../../shared/payments';
import type { BridgeReply } from '../../shared/contract';
import type { BridgePush } from '../../shared/live';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { dispatch } from '../core/dispatch';
import { createKafkajsRecords } from '../core/kafka/kafkajsRecords';
import { commitGroupOffsets } from '../core/test/kafkaFixtures';
import { createMapTopics, testPipelineMap } from '../core/test/testPipeline';
import { testBootstrap, uniqueName } from '../../tools/test/kafka';
import { startBridge, type RunningBridge } from './server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live updates over the bridge WebSocket', () => {
  const map = testPipelineMap(uniqueName('live'));
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const dir = mkdtempSync(join(tmpdir(), 'live-updates-'));
  let backend: ConsoleBackend;
  let bridge: RunningBridge;
  let ws: WebSocket;
  const received: Array<Record<string, unknown> & { at: number }> = [];
  let requestsSent = 0;
  let produced = 0;

  const produce = async (count: number) => {
    const ids = Array.from({ length: count }, () => `${map.name}-pay-${produced++}`);
    await records.produce(
      ids.map((id) => ({
        topic: map.sourceTopic,
        partition: 0,
        key: id,
        value: JSON.stringify({ paymentId: id }),
        headers: [{ key: 'ce_id', value: new TextEncoder().encode(`ce-${id}`) }],
      })),
    );
    return ids;
  };
  const pushes = (event: string, since = 0) =>
    received.filter((m) => m.event === event && m.at >= since) as unknown as Array<
      BridgePush & { at: number }
    >;
  const waitFor = async <T>(find: () => T | undefined, ms: number): Promise<T | undefined> => {
    const until = Date.now() + ms;
    for (;;) {
      const found = find();
      if (found !== undefined || Date.now() > until) return found;
      await sleep(20);
    }
  };
  const request = async (id: number, channel: string, input: unknown) => {
    requestsSent++;
    ws.send(JSON.stringify({ id, channel, input }));
    const reply = await waitFor(() => received.find((m) => m.id === id), 30_000);
    return (reply as unknown as BridgeReply).result;
  };
  const subscribe = async (event: string) => {
    ws.send(JSON.stringify({ subscribe: event }));
    expect(await waitFor(() => received.find((m) => m.subscribed === event), 5_000)).toBeDefined();
  };

  beforeAll(async () => {
    await createMapTopics(records, map, 1);
    await produce(3);
    // Every stage consumed what is there: no lag, nothing stuck.
    const [mark] = await records.watermarks(map.sourceTopic);
    for (const stage of map.stages)
      await commitGroupOffsets(testBootstrap(), stage.consumerGroup, map.sourceTopic, [
        { partition: 0, offset: mark!.high },
      ]);
    const mapFile = join(dir, 'map.json');
    writeFileSync(mapFile, JSON.stringify(map));
    backend = createConsoleBackend({
      bootstrap: [testBootstrap()],
      pipelineMapPath: mapFile,
      dataDir: null,
      sampleIntervalMs: 500,
      stuckFollowIntervalMs: 500,
    });
    await dispatch(backend.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
    for (let i = 0; i < 50; i++) {
      const view = await dispatch(backend.handlers, 'pipeline.map', {});
      if (view.ok && (view.value as { source: string }).source === 'file') break;
      await sleep(100);
    }
    bridge = await startBridge({ handlers: backend.handlers, live: backend.live, staticDir: dir });
    ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc?token=${bridge.token}`);
    ws.on('message', (data: Buffer) =>
      received.push({ ...(JSON.parse(data.toString()) as Record<string, unknown>), at: Date.now() }),
    );
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
  }, 120_000);
  afterAll(async () => {
    ws?.close();
    await bridge?.close();
    await backend?.dispose();
    await records.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes groups.changed within seconds of records that raise a stage group’s lag, without the page asking', async () => {
    await subscribe('groups.changed');
    await subscribe('health.changed');
    const ours = (p: BridgePush & { at: number }) =>
      (p.payload as { groups: string[] }).groups.includes(map.stages[0]!.consumerGroup);
    // A few samples of the quiet pipeline first: they learn the state and push nothing about our groups.
    await sleep(2_000);
    const quietSince = Date.now();
    await sleep(1_500);
    expect(pushes('groups.changed', quietSince).filter(ours)).toEqual([]);

    const producedAt = Date.now();
    await produce(2);
    const push = await waitFor(() => pushes('groups.changed', producedAt).find(ours), 5_000);
    expect(push, 'a groups.changed push naming the stage group').toBeDefined();
    expect(push!.at - producedAt).toBeLessThan(5_000);
    // The stage's health shows the lag, so it changed too.
    expect(await waitFor(() => pushes('health.changed', producedAt)[0], 5_000)).toBeDefined();
    // Nothing more happens to our groups: no more pushes about them.
    const after = Date.now() + 200;
    await sleep(2_000);
    expect(pushes('groups.changed', after).filter(ours)).toEqual([]);
    expect(requestsSent).toBe(0);
  }, 60_000);

  it('pushes payments.stuckChanged when a new payment is not done, and nothing while the set holds', async () => {
    await subscribe('payments.stuckChanged');
    // The page's first answer: it names the window main then follows.
    const first = await request(1, 'payments.stuck', { windowMs: 3_600_000, limit: 500 });
    expect(first.ok).toBe(true);
    expect((first as { value: StuckPaymentsResult }).value.stuck).toBe(2);
    await sleep(2_000);
    const quietSince = Date.now();
    await sleep(1_500);
    expect(pushes('payments.stuckChanged', quietSince)).toEqual([]);

    const producedAt = Date.now();
    const [id] = await produce(1);
    // The follower looks every 5 s, and its look is a worker job that may queue behind another heavy job.
    const push = await waitFor(() => pushes('payments.stuckChanged', producedAt)[0], 15_000);
    expect(push, 'a payments.stuckChanged push').toBeDefined();
    expect(push!.at - producedAt).toBeLessThan(15_000);
    expect(requestsSent).toBe(1);
    // What the push announced is what a refetch shows.
    const again = (await request(2, 'payments.stuck', { windowMs: 3_600_000, limit: 500 })) as {
      value: StuckPaymentsResult;
    };
    expect(again.value.rows.map((r) => r.paymentId)).toContain(id);
    const after = Date.now() + 200;
    await sleep(2_000);
    expect(pushes('payments.stuckChanged', after)).toEqual([]);
  }, 60_000);
});
