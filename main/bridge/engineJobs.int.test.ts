// The engine's other jobs through the console as it ships: DLQ listing, grouping and records, a payment's
// timeline and a redelivery plan are answered by the engine worker (the same answers as in-line), at most
// two heavy jobs run at once, and a client that hangs up has its queued or running job gone within 1 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterStatus, EngineStats } from '../../shared/cluster';
import type { Result } from '../../shared/failure';
import type { PipelineMap } from '../../shared/pipelineMap';
import { startBridge, type RunningBridge } from './server';
import { createConsoleBackend, type ConsoleBackend } from '../core/backend';
import { dispatch } from '../core/dispatch';
import { groupDlqErrors, listDlqRecords, listDlqTopics } from '../core/dlq/dlqTriage';
import { createKafkajsRecords } from '../core/kafka/kafkajsRecords';
import { findPayment } from '../core/payments/findPayment';
import { pipelineWithSmtpDeadLetters } from '../core/test/testPipeline';
import { testBootstrap } from '../../tools/test/kafka';

const DEAD_LETTERS = 40;

describe('DLQ, lookup and plan jobs in the engine worker, over the bridge', () => {
  const records = createKafkajsRecords({ brokers: [testBootstrap()] });
  const dir = mkdtempSync(join(tmpdir(), 'engine-jobs-'));
  let map: PipelineMap;
  let ids: string[];
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
  const value = async <T>(channel: string, input: unknown): Promise<T> => {
    const { result } = await rpc(channel, input);
    if (!result?.ok) throw new Error(`${channel}: ${JSON.stringify(result)}`);
    return result.value as T;
  };
  const engine = async (): Promise<EngineStats> => {
    const status = await dispatch(backend.handlers, 'cluster.status', {});
    if (!status.ok) throw new Error(status.error.message);
    return (status.value as ClusterStatus).diagnostics.engine!;
  };
  const until = async (what: (e: EngineStats) => boolean, withinMs = 5000) => {
    const started = Date.now();
    let e = await engine();
    while (!what(e) && Date.now() - started < withinMs) {
      await new Promise((r) => setTimeout(r, 10));
      e = await engine();
    }
    return { stats: e, ms: Date.now() - started };
  };

  beforeAll(async () => {
    ({ map, ids } = await pipelineWithSmtpDeadLetters(records, DEAD_LETTERS));
    const mapFile = join(dir, 'map.json');
    writeFileSync(mapFile, JSON.stringify(map));
    backend = createConsoleBackend({
      bootstrap: [testBootstrap()],
      pipelineMapPath: mapFile,
      // A plan's health check samples the stage's lag 20 times, 500 ms apart: ten seconds of work that
      // reads nothing, long enough to watch the queue.
      redelivery: { health: { samples: 20, intervalMs: 500 } },
    });
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

  it('answers in the worker what the in-line reads answer', async () => {
    const dlqTopic = map.stages[0]!.dlqTopic;
    const before = await engine();
    const inline = { records, map, now: () => Date.now() };

    const groups = await value<Awaited<ReturnType<typeof groupDlqErrors>>>('dlq.groups', { topic: dlqTopic });
    expect(groups).toEqual(await groupDlqErrors(inline, dlqTopic));
    // One error (the payment ids in the messages are normalised away), every record in it.
    expect(groups.groups).toHaveLength(1);
    expect(groups.groups[0]).toMatchObject({ exceptionClass: 'SmtpError', count: DEAD_LETTERS });
    expect(groups.scanned).toBe(DEAD_LETTERS);

    const listed = await value<Awaited<ReturnType<typeof listDlqRecords>>>('dlq.records', {
      topic: dlqTopic,
      limit: 10,
    });
    const listedInline = await listDlqRecords(inline, { topic: dlqTopic, limit: 10 });
    // Masking in main changes personal fields of both the same way only for the worker's answer.
    expect(listed.records.map((r) => [r.partition, r.offset, r.status])).toEqual(
      listedInline.records.map((r) => [r.partition, r.offset, r.status]),
    );
    expect(listed).toMatchObject({ scanned: DEAD_LETTERS, truncated: true, handledHidden: 0 });

    const topics = await value<Awaited<ReturnType<typeof listDlqTopics>>>('dlq.list', {});
    const ours = topics.find((t) => t.topic === dlqTopic);
    expect(ours).toEqual((await listDlqTopics(inline)).find((t) => t.topic === dlqTopic));
    expect(ours).toMatchObject({ messages: String(DEAD_LETTERS), outstanding: String(DEAD_LETTERS) });

    const lookup = await value<Awaited<ReturnType<typeof findPayment>>>('payments.find', {
      paymentId: ids[3],
    });
    const lookupInline = await findPayment(inline, ids[3]!);
    expect(lookup.timeline.map((e) => [e.kind, e.topic, e.offset])).toEqual(
      lookupInline.timeline.map((e) => [e.kind, e.topic, e.offset]),
    );
    expect(lookup.timeline.filter((e) => e.kind === 'dlq')).toHaveLength(1);
    expect(lookup.stages).toEqual(lookupInline.stages);

    const after = await engine();
    // Four jobs, each answered by the worker.
    expect(after.finished - before.finished).toBe(4);
    expect(after).toMatchObject({ workers: 1, running: 0, queued: 0, limit: 2 });
  }, 60_000);

  it('plans in the worker, queues a third heavy job, and drops queued and running work of clients that leave within 1 s', async () => {
    const dlqTopic = map.stages[0]!.dlqTopic;
    const plan = { dlqTopic, selection: { kind: 'all' } };
    const leave = () => {
      let go!: () => void;
      const when = new Promise<void>((r) => (go = r));
      return { when, go };
    };
    // The worker is up and connected (it starts on first use): what is measured is the stop, not a boot.
    await value('dlq.list', {});
    const before = await engine();
    const [a, b, c, d] = [leave(), leave(), leave(), leave()];
    const first = rpc('redelivery.plan', plan, a.when);
    const second = rpc('redelivery.plan', plan, b.when);
    expect((await until((e) => e.running === 2)).stats.running).toBe(2);
    const third = rpc('redelivery.plan', plan, c.when);
    const fourth = rpc('redelivery.plan', plan, d.when);
    expect((await until((e) => e.queued === 2)).stats).toMatchObject({ running: 2, queued: 2 });

    // A queued client leaves: its job is out of the line at once and never reaches the worker.
    c.go();
    await third;
    const dropped = await until((e) => e.queued === 1);
    expect(dropped.stats).toMatchObject({ running: 2, queued: 1 });
    expect(dropped.ms).toBeLessThan(1000);

    // A running client leaves: its job in the worker stops, and the next in line takes the slot.
    a.go();
    await first;
    const stopped = await until((e) => e.cancelled === before.cancelled + 1 && e.queued === 0);
    expect(stopped.ms).toBeLessThan(1000);
    expect(stopped.stats).toMatchObject({ running: 2, queued: 0 });

    b.go();
    d.go();
    await Promise.all([second, fourth]);
    const idle = await until((e) => e.running === 0);
    expect(idle.ms).toBeLessThan(1000);
    // Three jobs ran and were stopped; the one that left the line never ran.
    expect(idle.stats.cancelled - before.cancelled).toBe(3);
    expect(idle.stats.finished - before.finished).toBe(3);
  }, 60_000);

  it('plans in the worker what the in-line plan says (a short health check)', async () => {
    const stage = map.stages[0]!;
    // The group has no members, so the plan is refused after its samples: 20 × 500 ms here.
    const { result } = await rpc('redelivery.plan', { dlqTopic: stage.dlqTopic, selection: { kind: 'all' } });
    expect(result?.ok).toBe(true);
    const planned = (result as { value: { selected: number; toMove: number; refusals: string[] } }).value;
    expect(planned).toMatchObject({ selected: DEAD_LETTERS, toMove: DEAD_LETTERS });
    expect(planned.refusals.join(' ')).toContain(
      `consumer group "${stage.consumerGroup}" has no active members`,
    );
  }, 60_000);
});
