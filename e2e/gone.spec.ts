// Deleted while on screen: a consumer group or a topic is shown as gone, with no crash and no spinner.
import { ConsolePage } from './pages/ConsolePage';
import { GroupDetailPage } from './pages/GroupsPage';
import { TopicDetailPage, TopicsPage } from './pages/TopicsPage';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('a consumer group deleted while open is shown as gone', async ({ page, kafka, startConsole }) => {
  const topic = uniqueName('gone-group-topic');
  const group = uniqueName('gone-group');
  await kafka.createTopicWithRecords(topic, [4]);
  await kafka.commitOffsets(group, topic, [{ partition: 0, offset: '1' }]);

  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url, `#/groups/${encodeURIComponent(group)}`);
  const detail = new GroupDetailPage(page);
  await expect(detail.cell(topic, 0, 'lag')).toHaveText('3');

  await kafka.deleteGroup(group);
  await expect(shell.goneNotice).toBeVisible({ timeout: 20_000 });
  await expect(shell.goneNotice).toContainText('no longer exists');
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await expect(detail.title).toHaveText(group);
  await saveScreenshot(page, 'group-gone');
});

test('a topic deleted while listed is shown as gone', async ({ page, kafka, startConsole }) => {
  const topic = uniqueName('gone-topic');
  await kafka.createTopicWithRecords(topic, [2]);

  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/topics');
  const topics = new TopicsPage(page);
  await topics.filterBy(topic);
  // The count drops its "(filtering…)" note once the answer for this filter is in, not the previous one.
  await expect(topics.count).toHaveText('1 topic');
  await expect(topics.messages(topic)).toHaveText('2');

  await kafka.deleteTopic(topic);
  await expect(topics.goneBadge(topic)).toBeVisible({ timeout: 30_000 });
  await expect(topics.count).toHaveText('0 topics, 1 gone');
  await saveScreenshot(page, 'topic-gone');
});

test('a topic deleted while open is shown as gone', async ({ page, kafka, startConsole }) => {
  const topic = uniqueName('gone-topic-detail');
  await kafka.createTopicWithRecords(topic, [3, 1]);

  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/topics');
  const topics = new TopicsPage(page);
  await topics.filterBy(topic);
  await topics.row(topic).getByRole('link', { name: topic }).click();
  const detail = new TopicDetailPage(page);
  await expect(detail.title).toHaveText(topic);
  await expect(detail.messageCount).toHaveText('4');
  await expect(detail.cell(0, 'log-end')).toHaveText('3');
  await expect(detail.cell(1, 'messages')).toHaveText('1');

  await kafka.deleteTopic(topic);
  await expect(shell.goneNotice).toBeVisible({ timeout: 30_000 });
  await expect(shell.goneNotice).toContainText('This topic no longer exists');
  await expect(page.getByTestId('loading')).toHaveCount(0);
  await saveScreenshot(page, 'topic-detail-gone');
});
