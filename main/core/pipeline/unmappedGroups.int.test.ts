// A stage added to the pipeline but not to the map (the sixth-stage recipe): the console finds its consumer
// group on the source topic, offers it as a conventional stage, and adding it puts it into the map.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineMapText } from '../../../shared/pipelineMap';
import { testBootstrap, uniqueName } from '../../../tools/test/kafka';
import { createConsoleBackend, type ConsoleBackend } from '../backend';
import { dispatch } from '../dispatch';
import { createKafkajsRecords } from '../kafka/kafkajsRecords';
import { commitGroupOffsets, startEchoStage, type EchoStage } from '../test/kafkaFixtures';
import { createMapTopics, testPipelineMap } from '../test/testPipeline';

describe('consumer groups of the source topic that the map does not know', () => {
  const prefix = uniqueName('unmapped');
  const map = testPipelineMap(prefix);
  const dir = mkdtempSync(join(tmpdir(), 'eventdesk-unmapped-'));
  const mapPath = join(dir, 'map.json');
  const loyaltyGroup = `${prefix}-loyalty`;
  const idleGroup = `${prefix}-idle`;
  let backend: ConsoleBackend;
  let loyalty: EchoStage;

  beforeAll(async () => {
    writeFileSync(mapPath, JSON.stringify(map));
    const records = createKafkajsRecords({ brokers: [testBootstrap()] });
    await createMapTopics(records, map, 2);
    await records.produce([{ topic: map.sourceTopic, partition: 0, key: 'pay-1', value: '{}' }]);
    await records.close();
    // One running member on the source topic, and one group that only ever committed there.
    loyalty = await startEchoStage(testBootstrap(), { groupId: loyaltyGroup, topics: [map.sourceTopic] });
    await commitGroupOffsets(testBootstrap(), idleGroup, map.sourceTopic, [{ partition: 0, offset: '0' }]);
    backend = createConsoleBackend({ bootstrap: [testBootstrap()], pipelineMapPath: mapPath });
    await dispatch(backend.handlers, 'cluster.connect', { bootstrap: testBootstrap() });
  });
  afterAll(async () => {
    await loyalty?.stop();
    await backend?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each with the conventional stage it would become, and leaves the mapped stages out', async () => {
    const found = await backend.handlers['pipeline.unmappedGroups']({});
    const ours = found.groups.filter((g) => g.groupId.startsWith(prefix));
    expect(found.sourceTopic).toBe(map.sourceTopic);
    expect(ours.map((g) => g.groupId)).toEqual([idleGroup, loyaltyGroup].sort());
    const suggestion = ours.find((g) => g.groupId === loyaltyGroup)!;
    expect(suggestion.members).toBe(1);
    expect(suggestion.suggestion).toMatchObject({
      consumerGroup: loyaltyGroup,
      dlqTopic: `${map.sourceTopic}.${suggestion.suggestion.name}.dlq`,
      redeliveryTopic: `${map.sourceTopic}.${suggestion.suggestion.name}.redelivery`,
    });
    expect(suggestion.existingTopics).toEqual([]);
  });

  it('adds a group as a stage through the same validation as any map edit, and writes the file', async () => {
    const added = await backend.handlers['pipeline.addStages']({ groupIds: [loyaltyGroup] });
    expect(added.map.stages.map((s) => s.consumerGroup)).toEqual([
      ...map.stages.map((s) => s.consumerGroup),
      loyaltyGroup,
    ]);
    const onDisk = parsePipelineMapText(readFileSync(mapPath, 'utf8'));
    expect(onDisk.ok && onDisk.map.stages.some((s) => s.consumerGroup === loyaltyGroup)).toBe(true);
    const after = await backend.handlers['pipeline.unmappedGroups']({});
    expect(after.groups.map((g) => g.groupId).filter((id) => id.startsWith(prefix))).toEqual([idleGroup]);
    // The same group twice would give two stages of one name: refused, field by field.
    const again = await dispatch(backend.handlers, 'pipeline.addStages', { groupIds: [loyaltyGroup] });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'invalid-map' } });
    if (!again.ok) expect(again.error.message).toMatch(/duplicate stage name/);
  });
});
