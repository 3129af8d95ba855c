// An unreachable broker: a calm banner with the reason within 10 s, stale data kept, and recovery alone.
import { freePort, startBroker } from '../tools/kafka/broker';
import { ConsolePage } from './pages/ConsolePage';
import { TopicsPage } from './pages/TopicsPage';
import { expect, test } from './support/fixtures';
import { KafkaSetup, uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('says within 10 s that a closed port cannot be reached, and why', async ({ page, startConsole }) => {
  const closedPort = await freePort();
  const target = `127.0.0.1:${closedPort}`;
  const app = await startConsole({ bootstrap: [target] });
  const shell = new ConsolePage(page);
  await shell.open(app.url);

  await expect(shell.unreachableBanner).toBeVisible({ timeout: 10_000 });
  await expect(shell.unreachableBanner).toContainText(`Cannot reach ${target}`);
  await expect(shell.unreachableReason).toContainText('connection refused');
  await expect(shell.unreachableReason).toContainText(/retrying (in \d+ s|now) \(attempt \d+\)/);
  await expect(shell.connectionState).toContainText(`Cannot reach ${target}`);
  // No endless spinner: the overview says what is wrong instead of loading forever.
  await expect(page.getByTestId('error-panel')).toBeVisible();
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await saveScreenshot(page, 'unreachable');
});

test('keeps the last data visible and marked stale while the broker is down, then recovers', async ({
  page,
  startConsole,
}) => {
  test.setTimeout(240_000);
  // A broker of its own, so stopping it does not disturb other tests.
  const broker = await startBroker();
  const kafka = new KafkaSetup(broker.bootstrap);
  try {
    const topic = uniqueName('outage');
    await kafka.createTopicWithRecords(topic, [3]);
    await kafka.close();

    const app = await startConsole({ bootstrap: [broker.bootstrap] });
    const shell = new ConsolePage(page);
    const topics = new TopicsPage(page);
    await shell.open(app.url, '#/topics');
    await topics.filterBy(topic);
    await expect(topics.count).toHaveText('1 topic');
    await expect(topics.messages(topic)).toHaveText('3');

    // kill() keeps the data folder (stop() deletes a temporary one), so restart() brings the same broker back.
    await broker.kill();
    await expect(shell.unreachableBanner).toBeVisible({ timeout: 20_000 });
    await expect(shell.staleMarker).toBeVisible();
    await expect(topics.messages(topic)).toHaveText('3');
    await saveScreenshot(page, 'stale-during-outage');

    await broker.restart();
    await expect(shell.unreachableBanner).toBeHidden({ timeout: 90_000 });
    await expect(shell.connectionState).toContainText('Connected to');
    await expect(shell.staleMarker).toBeHidden({ timeout: 30_000 });
    await expect(topics.messages(topic)).toHaveText('3');
  } finally {
    await kafka.close();
    await broker.stop();
  }
});
