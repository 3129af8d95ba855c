// A transactional topic in Browse: committed records only, a finished scan at 100 % saying how many offsets
// were transaction markers or aborted, and the switch that shows aborted records marked as such.
import { produceTransactions } from '../main/core/test/transactions';
import { ConsolePage } from './pages/ConsolePage';
import { BrowsePage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('a transactional topic: committed by default, aborted records on request and marked', async ({
  page,
  kafka,
  kafkaBootstrap,
  startConsole,
}) => {
  const topic = uniqueName('txn');
  await kafka.createTopicWithRecords(topic, [0]);
  // Offsets: a 0, b 1, commit marker 2; c 3, d 4 aborted, abort marker 5; e 6, commit marker 7.
  await produceTransactions(kafkaBootstrap, topic, 0, [
    { outcome: 'commit', values: ['a', 'b'] },
    { outcome: 'abort', values: ['c', 'd'] },
    { outcome: 'commit', values: ['e'] },
  ]);

  const app = await startConsole();
  await new ConsolePage(page).open(app.url, '#/browse');
  const browse = new BrowsePage(page);
  await browse.scanFromOldest(topic);
  await expect(browse.rows).toHaveCount(3);
  await expect(browse.progress.locator('progress')).toHaveAttribute('value', '100');
  await expect(browse.progress).toContainText('scanned 3 records in 8 of 8 offsets');
  await expect(page.getByTestId('scan-skipped')).toHaveText(' (3 transaction markers, 2 aborted)');

  await page.getByTestId('browse-include-aborted').check();
  await browse.start.click();
  await expect(browse.rows).toHaveCount(5);
  await expect(browse.row(0, '3').getByTestId('row-aborted')).toHaveText('aborted');
  await expect(browse.row(0, '6').getByTestId('row-aborted')).toHaveCount(0);
  await browse.row(0, '4').click();
  await expect(browse.inspector.getByTestId('inspector-aborted')).toContainText('aborted transaction');
  await saveScreenshot(page, 'browse-aborted');
});
