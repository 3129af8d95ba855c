// The README's "Adding a sixth stage" recipe end to end: a registry with one more stage, the stage running
// against the broker, the map the sandbox hands to the console, and the console finding the stage in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsoleBackend, type ConsoleBackend } from '../../main/core/backend';
import type { UnmappedGroups } from '../../shared/pipelineMap';
import { createSourceTopic, testKafka, waitFor } from '../../services/invariants/harness';
import { runStage, type RunningStage } from '../../services/runtime/runStage';
import { consolePipelineMap, writePipelineMapFile } from '../../services/sandbox/consoleMap';
import { stageRegistry } from '../../services/stages/registry';
import type { StageDefinition } from '../../services/stages/types';
import { testBootstrap, uniqueName } from '../test/kafka';

const run = uniqueName('sixth');
const sourceTopic = `${run}.succeeded`;
const groupOf = (stage: string) => `${stage}-${run}`;

// The recipe's stage module, as a reader would write it.
const loyaltyStage: StageDefinition = {
  name: 'loyalty',
  outcomeTopic: `${run}.loyalty.awarded`,
  slaMs: 10 * 60_000,
  create: () => ({ handle: async (event) => ({ outcome: { paymentId: event.paymentId } }), close() {} }),
};
const registryWithLoyalty = [...stageRegistry, loyaltyStage];

const dir = mkdtempSync(join(tmpdir(), 'eventdesk-sixth-stage-'));
const backends: ConsoleBackend[] = [];
let stage: RunningStage | undefined;

afterAll(async () => {
  await stage?.stop();
  for (const backend of backends) await backend.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function consoleWith(registry: readonly StageDefinition[], file: string): ConsoleBackend {
  const map = consolePipelineMap(registry, {
    sourceTopic,
    ledgerTopic: `${run}.ledger`,
    retryTiers: 1,
    groupOf,
  });
  const path = join(dir, file);
  writePipelineMapFile(path, map);
  const backend = createConsoleBackend({ bootstrap: [testBootstrap()], pipelineMapPath: path });
  backends.push(backend);
  return backend;
}

async function unmapped(backend: ConsoleBackend): Promise<UnmappedGroups['groups']> {
  try {
    return (await backend.handlers['pipeline.unmappedGroups']({})).groups;
  } catch {
    return []; // not connected yet
  }
}

describe('adding a sixth stage', () => {
  it('runs the stage and hands the console a map that contains it', async () => {
    await createSourceTopic(testKafka(testBootstrap()), sourceTopic, 1);
    const instance = loyaltyStage.create({
      smtp: { host: '127.0.0.1', port: 1 },
      smsUrl: 'http://127.0.0.1:1',
      dataDir: dir,
    });
    stage = await runStage({
      stage: loyaltyStage.name,
      groupId: groupOf(loyaltyStage.name),
      bootstrap: testBootstrap(),
      handler: instance.handle,
      tiers: [{ delayMs: 200 }],
      dataDir: join(dir, 'loyalty'),
      sourceTopic,
      outcomeTopic: loyaltyStage.outcomeTopic,
      sessionTimeoutMs: 6_000,
    });

    // Control: a console given the map of the five reference stages sees the running stage as unmapped.
    const withoutLoyalty = consoleWith(stageRegistry, 'five-stages.json');
    let found: UnmappedGroups['groups'] = [];
    await waitFor(
      'the loyalty group among the unmapped groups',
      async () => (found = await unmapped(withoutLoyalty)).length > 0,
      30_000,
      250,
    );
    expect(found.map((g) => g.groupId)).toEqual([groupOf('loyalty')]);

    // The map the sandbox hands over for the registry with the sixth stage.
    const withLoyalty = consoleWith(registryWithLoyalty, 'pipeline-map.json');
    let view = await withLoyalty.handlers['pipeline.map']({});
    // The backend loads its map file in the background.
    await waitFor(
      'the map file to be loaded',
      async () => (view = await withLoyalty.handlers['pipeline.map']({})).source === 'file',
      10_000,
    );
    expect(view.map.stages.map((s) => s.name)).toEqual(registryWithLoyalty.map((s) => s.name));
    expect(view.map.stages.find((s) => s.name === 'loyalty')).toMatchObject({
      consumerGroup: groupOf('loyalty'),
      retryTopics: [`${sourceTopic}.loyalty.retry.1`],
      dlqTopic: `${sourceTopic}.loyalty.dlq`,
      redeliveryTopic: `${sourceTopic}.loyalty.redelivery`,
      outcomeTopic: loyaltyStage.outcomeTopic,
      slaMs: loyaltyStage.slaMs,
    });
    // The topics the map names are the ones the runtime created for the stage.
    const admin = testKafka(testBootstrap()).admin();
    await admin.connect();
    const topics = new Set(await admin.listTopics());
    await admin.disconnect();
    const mapped = view.map.stages.find((s) => s.name === 'loyalty')!;
    for (const topic of [
      ...mapped.retryTopics,
      mapped.dlqTopic,
      mapped.redeliveryTopic,
      mapped.outcomeTopic!,
    ])
      expect(topics).toContain(topic);
    // Connected (it answers the same question the control answered) and finds nothing missing.
    await waitFor(
      'the console with the handed-over map to answer',
      async () => {
        try {
          await withLoyalty.handlers['pipeline.unmappedGroups']({});
          return true;
        } catch {
          return false;
        }
      },
      30_000,
      250,
    );
    expect(await unmapped(withLoyalty)).toEqual([]);
  });
});
