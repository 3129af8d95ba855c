// Stage health against the real broker: a real stage (the services' runtime) whose handler hangs is judged
// STALL by the console's watcher, and OK again once it is let go and catches up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createConsoleBackend, type ConsoleBackend } from '../../main/core/backend';
import type { PipelineHealth, StageHealth } from '../../shared/groups';
import { pipelineMapFor } from '../../shared/pipelineMap';
import { createSourceTopic, testKafka, waitFor } from '../../services/invariants/harness';
import { runStage, type RunningStage } from '../../services/runtime/runStage';
import { writePipelineMapFile } from '../../services/sandbox/consoleMap';
import { publishPayments, samplePayment } from '../../services/sandbox/paymentEvents';
import { testBootstrap, uniqueName } from '../test/kafka';

const run = uniqueName('health');
const sourceTopic = `${run}.succeeded`;
const groupOf = (stage: string) => `${stage}-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'eventdesk-stage-health-'));
let stage: RunningStage | undefined;
let backend: ConsoleBackend | undefined;

afterAll(async () => {
  await stage?.stop();
  await backend?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function receiptsHealth(b: ConsoleBackend): Promise<StageHealth | undefined> {
  const health: PipelineHealth = await b.handlers['groups.health']({});
  return health.stages.find((s) => s.stage === 'receipts');
}

it('judges a hanging stage STALL within a few samples and OK again after it catches up', async () => {
  const bootstrap = testBootstrap();
  const kafka = testKafka(bootstrap);
  await createSourceTopic(kafka, sourceTopic, 1);

  // The fault: every record waits for this gate, so the stage holds its partition without committing.
  let open!: () => void;
  let gate: Promise<void> = Promise.resolve();
  const hang = () => (gate = new Promise<void>((resolve) => (open = resolve)));
  stage = await runStage({
    stage: 'receipts',
    groupId: groupOf('receipts'),
    bootstrap,
    handler: async () => {
      await gate;
      return { outcome: { done: true } };
    },
    tiers: [{ delayMs: 200 }],
    dataDir: join(dir, 'receipts'),
    sourceTopic,
    sessionTimeoutMs: 30_000,
  });

  // A short SLA, so the held records are late (stuck) within the test.
  const map = pipelineMapFor([{ name: 'receipts', slaMs: 2_000 }], {
    sourceTopic,
    ledgerTopic: `${run}.ledger`,
    retryTiers: 1,
    groupOf,
  });
  const mapPath = join(dir, 'map.json');
  writePipelineMapFile(mapPath, map);
  backend = createConsoleBackend({
    bootstrap: [bootstrap],
    pipelineMapPath: mapPath,
    sampleIntervalMs: 400,
    // No page asks for stuck payments here: the watcher's own samples are what the history gets.
    stuckSampleIntervalMs: 1_000,
    health: { windowSamples: 5, minSamples: 3 },
  });
  const b = backend;

  const producer = kafka.producer();
  await producer.connect();
  const send = (n: number) =>
    publishPayments(
      producer,
      sourceTopic,
      Array.from({ length: n }, (_, i) => samplePayment(i)),
    );
  try {
    // Caught up first: one record through an open gate.
    await send(1);
    let health: StageHealth | undefined;
    await waitFor(
      'the receipts stage to be OK with its one record consumed',
      async () => {
        health = await receiptsHealth(b);
        return health?.status === 'OK' && health.lag === '0';
      },
      30_000,
      200,
    );
    expect(health).toMatchObject({ groupState: 'Stable', members: 1, since: null, reasons: [] });

    hang();
    const hungAt = Date.now();
    await send(4);
    await waitFor(
      'the receipts stage to be judged STALL',
      async () => (health = await receiptsHealth(b))?.status === 'STALL',
      20_000,
      200,
    );
    const stalledAfterMs = Date.now() - hungAt;
    expect(health!.lag).toBe('4');
    expect(health!.since).not.toBeNull();
    expect(health!.reasons[0]).toMatch(
      new RegExp(`^${sourceTopic.replace(/\./g, '\\.')}\\[0\\]: committed offset 1 has not moved`),
    );
    expect(health!.partitions).toEqual([
      expect.objectContaining({ topic: sourceTopic, partition: 0, status: 'STALL', lag: '4' }),
    ]);
    // Five samples of 400 ms: the stall is called within a few seconds, not a minute.
    expect(stalledAfterMs).toBeLessThan(10_000);
    // Past their SLA the four held payments are stuck, counted with nobody asking.
    await waitFor(
      'the watcher to count the four held payments stuck',
      async () => (health = await receiptsHealth(b))?.stuck?.count === 4,
      20_000,
      200,
    );

    open();
    await waitFor(
      'the receipts stage to be OK again',
      async () => (health = await receiptsHealth(b))?.status === 'OK',
      20_000,
      200,
    );
    expect(health).toMatchObject({ lag: '0', since: null, partitions: [] });

    // The history holds the incident: a STALL point for receipts before the last OK one.
    const history = await b.handlers['groups.healthHistory']({ rangeMs: 15 * 60_000 });
    const statuses = history.points.filter((p) => p.stage === 'receipts').map((p) => p.status);
    expect(statuses).toContain('STALL');
    expect(statuses.at(-1)).toBe('OK');
    expect(statuses.lastIndexOf('STALL')).toBeLessThan(statuses.length - 1);
    expect(history.points.filter((p) => p.stage === 'receipts').map((p) => p.stuck)).toContain(4);
  } finally {
    open?.();
    await producer.disconnect();
  }
}, 90_000);
