// The pipeline map view: what the console knows about the pipeline, and an editor whose errors name the field.
import { ConsolePage } from './pages/ConsolePage';
import { PipelineMapPage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { writeStandaloneMap } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

test('shows the map from its file; an invalid edit names the field and the problem', async ({
  page,
  startConsole,
}) => {
  const mapFile = writeStandaloneMap(uniqueName('map'));
  try {
    const app = await startConsole({ pipelineMapPath: mapFile.mapPath });
    await new ConsolePage(page).open(app.url, '#/map');
    await expect(page.getByTestId('map-source-topic')).toHaveText(mapFile.map.sourceTopic);
    await expect(page.getByTestId('map-source')).toContainText(mapFile.mapPath);
    await expect(page.getByTestId('map-stage')).toHaveCount(1);
    await saveScreenshot(page, 'pipeline-map');

    await page.getByTestId('map-edit').click();
    const text = page.getByTestId('map-text');
    const broken = (await text.inputValue()).replace('"slaMs": 60000', '"slaMs": -5');
    await text.fill(broken);
    await page.getByTestId('map-validate').click();
    await expect(page.getByTestId('map-problems')).toContainText(
      'stages[0].slaMs: expected a positive number',
    );
    await saveScreenshot(page, 'pipeline-map-invalid');
  } finally {
    mapFile.cleanup();
  }
});

test('a consumer group reading the source topic that the map lacks is offered, and Add to map makes it a stage', async ({
  page,
  kafka,
  startConsole,
}) => {
  const mapFile = writeStandaloneMap(uniqueName('unmapped'));
  const loyalty = `${mapFile.map.name}-loyalty`;
  try {
    await kafka.createTopicWithRecords(mapFile.map.sourceTopic, [2]);
    // What a stage that stopped leaves behind: committed offsets on the source topic, no stage in the map.
    await kafka.commitOffsets(loyalty, mapFile.map.sourceTopic, [{ partition: 0, offset: '1' }]);
    const app = await startConsole({ pipelineMapPath: mapFile.mapPath });
    const map = new PipelineMapPage(page);
    await new ConsolePage(page).open(app.url, '#/map');
    await expect(map.stages).toHaveCount(1);
    await expect(map.unmappedRow(loyalty)).toBeVisible();
    await expect(map.unmappedRow(loyalty).getByTestId('unmapped-dlq')).toContainText(
      `${mapFile.map.sourceTopic}.`,
    );
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await saveScreenshot(page, `pipeline-map-unmapped-${width}x${height}`);
    }

    await map.addButton(loyalty).click();
    await expect(map.stages).toHaveCount(2);
    await expect(map.unmappedRow(loyalty)).toHaveCount(0);
    await expect(page.getByTestId('map-source')).toContainText(mapFile.mapPath);
    await saveScreenshot(page, 'pipeline-map-added');
  } finally {
    mapFile.cleanup();
  }
});
