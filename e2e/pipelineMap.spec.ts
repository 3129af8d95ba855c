// The pipeline map view: what the console knows about the pipeline, and an editor whose errors name the field.
import { ConsolePage } from './pages/ConsolePage';
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
