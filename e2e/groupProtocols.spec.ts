// A Kafka 4 consumer-protocol group (KIP-848, Kafka's console consumer with group.protocol=consumer) shows
// Stable with its member and assignment, next to a classic group, in the list and in the detail.
import { startConsoleConsumer, type ConsoleConsumer } from '../tools/test/consoleConsumer';
import { ConsolePage } from './pages/ConsolePage';
import { GroupDetailPage, GroupsPage } from './pages/GroupsPage';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('a consumer-protocol group is Stable with its member, a classic one beside it', async ({
  page,
  kafka,
  kafkaBootstrap,
  startConsole,
}) => {
  // Two JVMs start and join on a shared two-core box: minutes, not seconds, when it is busy.
  test.setTimeout(420_000);
  const run = uniqueName('kip848');
  const topic = `${run}.orders`;
  const newGroup = `${run}.new-protocol`;
  const oldGroup = `${run}.classic`;
  await kafka.createTopicWithRecords(topic, [4, 3, 2]);
  const consumers: ConsoleConsumer[] = [];
  try {
    for (const [group, protocol] of [
      [newGroup, 'consumer'],
      [oldGroup, 'classic'],
    ] as const)
      consumers.push(await startConsoleConsumer({ bootstrap: kafkaBootstrap, topic, group, protocol }));

    const app = await startConsole();
    const shell = new ConsolePage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await shell.open(app.url);
    await expect(shell.connectionState).toContainText('Connected to');
    await shell.goToGroups();
    const groups = new GroupsPage(page);
    // The JVMs start, join and commit: give them time, then the list shows both, each with its protocol.
    await expect(groups.state(newGroup)).toHaveText('Stable', { timeout: 150_000 });
    await expect(groups.state(oldGroup)).toHaveText('Stable', { timeout: 150_000 });
    await expect(groups.protocol(newGroup)).toHaveText('consumer (KIP-848)');
    await expect(groups.protocol(oldGroup)).toHaveText('classic');
    await expect(groups.totalLag(newGroup)).toHaveText('0', { timeout: 30_000 });
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      await saveScreenshot(page, `group-protocols-list-${width}x${height}`);
    }

    await page.setViewportSize({ width: 1280, height: 720 });
    await groups.open(newGroup);
    const detail = new GroupDetailPage(page);
    await expect(detail.title).toHaveText(newGroup);
    await expect(detail.state).toHaveText('Stable');
    await expect(detail.members).toHaveText('1');
    await expect(detail.protocol).toHaveText('consumer (KIP-848)');
    await expect(detail.groupEpoch).toHaveText(/^\d+/);
    await expect(detail.memberRows).toHaveCount(1);
    const member = detail.memberRows.first();
    await expect(detail.memberCell(member, 'client-id')).toHaveText('console-consumer');
    await expect(detail.memberCell(member, 'assignment')).toHaveText(`${topic}:0,1,2`);
    await expect(detail.memberCell(member, 'target-assignment')).toHaveText(`${topic}:0,1,2`);
    await expect(detail.cell(topic, 0, 'lag')).toHaveText('0');
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      // The members table sits right under the facts: on screen without scrolling.
      await expect(member).toBeInViewport();
      await saveScreenshot(page, `group-protocols-detail-${width}x${height}`);
    }
  } finally {
    await Promise.all(consumers.map((c) => c.stop()));
  }
});
