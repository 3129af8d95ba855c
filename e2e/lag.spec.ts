// Known records and known commits in, exact numbers on screen: topic sizes and per-partition lag.
import { ConsolePage } from './pages/ConsolePage';
import { GroupDetailPage, GroupsPage } from './pages/GroupsPage';
import { TopicsPage } from './pages/TopicsPage';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('shows topic message counts and a group lag, partition by partition', async ({
  page,
  kafka,
  startConsole,
}) => {
  const run = uniqueName('lag');
  const orders = `${run}.orders`;
  const refunds = `${run}.refunds`;
  const group = `${run}.billing`;

  // orders: 7 + 5 records; refunds: 10 records of which the first 4 are deleted (log start 4).
  await kafka.createTopicWithRecords(orders, [7, 5]);
  await kafka.createTopicWithRecords(refunds, [10]);
  // The group read 3 of orders/0, nothing of orders/1, and 2 of refunds/0 (below the later log start).
  await kafka.commitOffsets(group, orders, [{ partition: 0, offset: '3' }]);
  await kafka.commitOffsets(group, refunds, [{ partition: 0, offset: '2' }]);
  await kafka.deleteRecordsBefore(refunds, 0, '4');

  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url);
  await expect(shell.connectionState).toContainText('Connected to');
  await expect(page.getByTestId('fact-brokers')).toHaveText('1');
  await saveScreenshot(page, 'overview');

  await shell.goToTopics();

  const topics = new TopicsPage(page);
  await topics.filterBy(run);
  await expect(topics.messages(orders)).toHaveText('12');
  await expect(topics.partitions(orders)).toHaveText('2');
  await expect(topics.messages(refunds)).toHaveText('6');
  await expect(topics.count).toHaveText('2 topics');
  await saveScreenshot(page, 'topics');

  await shell.goToGroups();
  const groups = new GroupsPage(page);
  // Lag = log end - committed, summed over partitions with a commit: (7 - 3) + (10 - 2) = 12.
  await expect(groups.totalLag(group)).toHaveText('12');
  // The records were produced moments ago: the oldest unconsumed one is seconds or minutes old.
  await expect(groups.lagTime(group)).toHaveText(/^\d+ (s|min)/);
  await saveScreenshot(page, 'groups');

  await groups.open(group);
  const detail = new GroupDetailPage(page);
  await expect(detail.title).toHaveText(group);
  await expect(detail.totalLag).toHaveText('12');
  await expect(detail.state).toHaveText('Empty');
  await expect(detail.sections).toHaveCount(2);

  await expect(detail.cell(orders, 0, 'committed')).toHaveText('3');
  await expect(detail.cell(orders, 0, 'log-start')).toHaveText('0');
  await expect(detail.cell(orders, 0, 'log-end')).toHaveText('7');
  await expect(detail.cell(orders, 0, 'lag')).toHaveText('4');
  await expect(detail.cell(orders, 0, 'lag-time')).toHaveText(/^\d+ (s|min)/);
  await expect(detail.estimatedMarker(orders, 0)).toHaveCount(0);

  await expect(detail.noCommitMarker(orders, 1)).toBeVisible();
  await expect(detail.cell(orders, 1, 'committed')).toContainText('—');
  await expect(detail.cell(orders, 1, 'log-end')).toHaveText('5');
  await expect(detail.cell(orders, 1, 'lag')).toHaveText('—');
  await expect(detail.cell(orders, 1, 'lag-time')).toHaveText('—');
  await expect(detail.topicLag(orders)).toHaveText('4');

  await expect(detail.deletedBeforeReadMarker(refunds, 0)).toBeVisible();
  await expect(detail.deletedBeforeReadMarker(orders, 0)).toHaveCount(0);
  await expect(detail.cell(refunds, 0, 'committed')).toContainText('2');
  await expect(detail.cell(refunds, 0, 'log-start')).toHaveText('4');
  await expect(detail.cell(refunds, 0, 'log-end')).toHaveText('10');
  await expect(detail.cell(refunds, 0, 'lag')).toHaveText('8');
  await expect(detail.topicLag(refunds)).toHaveText('8');
  // The record at refunds/0's commit was deleted: its lag in time is estimated from the sampled log ends,
  // and with nothing consumed between samples the group is not draining.
  await expect(detail.estimatedMarker(refunds, 0)).toBeVisible({ timeout: 30_000 });
  await expect(detail.clearsIn).toHaveText('not draining', { timeout: 30_000 });
  // The backend samples total lag every few seconds; once two samples exist the sparkline is drawn.
  await expect(detail.sparkline).toHaveAttribute('data-trend', /^(flat|rising|falling)$/, {
    timeout: 30_000,
  });
  await saveScreenshot(page, 'group-detail');
});
