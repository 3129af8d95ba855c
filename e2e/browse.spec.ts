// Browse and inspect: a JSON record pretty-printed, a record whose value is not UTF-8 and one that is UTF-8 but
// not printable shown as hex with the reason (not mangled), a tombstone without a key named as such, Spring's
// binary headers decoded with the format named, and a JSON-path filter with its syntax check.
import { ConsolePage } from './pages/ConsolePage';
import { BrowsePage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { saveScreenshot } from './support/screenshots';

test('browse a topic: JSON and binary values in the inspector, JSON-path filter with an inline syntax error', async ({
  page,
  kafka,
  startConsole,
}) => {
  const topic = `${uniqueName('browse')}.events`;
  const partitionHeader = Buffer.from([0, 0, 0, 2]);
  await kafka.produce(topic, 2, [
    {
      key: 'pay-1',
      value: JSON.stringify({ paymentId: 'pay-1', customerId: 'c-42', amountMinor: 1250 }),
      partition: 0,
      headers: { 'content-type': 'application/json', 'kafka_dlt-original-partition': partitionHeader },
    },
    {
      key: 'pay-2',
      value: JSON.stringify({ paymentId: 'pay-2', customerId: 'c-7', amountMinor: 990 }),
      partition: 0,
    },
    // "OK" then a lone continuation byte and a NUL: not UTF-8 from byte 2 on.
    { key: 'blob-1', value: Buffer.from([0x4f, 0x4b, 0x80, 0x00, 0xff]), partition: 1 },
    // 100 KiB of text: the list view keeps the first 64 KiB, "Load all" fetches the rest.
    { key: 'big-1', value: `${'x'.repeat(100 * 1024 - 3)}END`, partition: 1 },
    // Valid UTF-8, but seven control bytes before the text: hex, with where they are.
    {
      key: 'ctl-1',
      value: Buffer.from([1, 2, 3, 4, 5, 6, 7, 0x61, 0x62, 0x63]),
      partition: 1,
      headers: { trace: Buffer.from([1, 2, 0x78]) },
    },
    { key: null, value: null, partition: 1 },
  ]);

  const app = await startConsole();
  await new ConsolePage(page).open(app.url, '#/browse');
  const browse = new BrowsePage(page);
  await browse.scanFromOldest(topic);
  await expect(browse.scanned).toHaveText('6');
  await expect(browse.matched).toHaveText('6');
  await expect(browse.rows).toHaveCount(6);
  await expect(browse.row(1, '3')).toContainText('no key');
  await expect(browse.row(1, '3')).toContainText('tombstone (null value)');
  await expect(browse.row(1, '2')).toContainText('binary, 10 bytes (control bytes at 0–6)');

  await browse.row(1, '0').click();
  const value = browse.inspectorValue();
  await expect(value).toHaveAttribute('data-kind', 'binary');
  await expect(value.getByTestId('inspector-value-reason')).toContainText('invalid UTF-8 at byte 2');
  await expect(value.getByTestId('inspector-value-hex')).toContainText('4f 4b 80 00 ff');
  await saveScreenshot(page, 'browse-binary');

  await browse.row(1, '2').click();
  await expect(value).toHaveAttribute('data-kind', 'binary');
  await expect(value.getByTestId('inspector-value-reason')).toContainText('control bytes at 0–6');
  await expect(value.getByTestId('inspector-value-hex')).toContainText('01 02 03 04 05 06 07 61 62 63');
  await expect(browse.inspectorHeader('trace')).toContainText('Not shown as text: control bytes at 0–1.');
  await saveScreenshot(page, 'browse-unprintable');

  await browse.row(1, '3').click();
  await expect(browse.inspectorKey()).toHaveText('no key');
  await expect(value).toHaveText('tombstone (null value)');

  await browse.row(0, '0').click();
  await expect(value).toHaveAttribute('data-kind', 'json');
  // customerId is personal (the default map's personalFields): main masks it before the page sees it.
  await expect(value.getByTestId('inspector-value-text')).toContainText('"customerId": "c•••"');
  // Spring's 4-byte big-endian partition header is decoded as a number, not shown as garbage.
  await expect(browse.inspectorHeader('kafka_dlt-original-partition')).toContainText('2');
  await expect(browse.inspectorHeaderKind('kafka_dlt-original-partition')).toHaveText(
    'int32 by the Spring dead-letter format',
  );
  await expect(browse.inspectorHeader('content-type')).toHaveText('application/json');
  await saveScreenshot(page, 'browse-json');

  // Copy as JSON puts the record on the clipboard, offsets as strings and JSON values as JSON.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await browse.inspector.getByTestId('copy-json').click();
  await expect(browse.inspector.getByTestId('copy-note')).toHaveText('Copied the record as JSON.');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
    offset: string;
    value: { customerId: string };
  };
  expect(copied.offset).toBe('0');
  // Copy as JSON copies what is shown: masked.
  expect(copied.value.customerId).toBe('c•••');

  await browse.row(1, '1').click();
  await expect(browse.inspector.getByTestId('value-truncated')).toBeVisible();
  await expect(value.getByTestId('inspector-value-text')).not.toContainText('END');
  await browse.inspector.getByTestId('load-all').click();
  // Over 64 KiB the value is shown as virtual rows: the find box scrolls to the row that holds "END".
  await value.getByTestId('inspector-value-text-find').fill('END');
  await value.getByTestId('inspector-value-text-find').press('Enter');
  await expect(value.getByTestId('inspector-value-text-find-result')).toHaveText('row 52 of 52');
  await expect(value.getByTestId('inspector-value-text')).toContainText('END');
  await expect(browse.inspector.getByTestId('value-truncated')).toHaveCount(0);

  // A JSON-path filter with the value unquoted: the field says where and what is wrong, and nothing starts.
  await browse.jsonPath.fill('$.customerId = c-42');
  await expect(browse.jsonPathError()).toContainText('expected a value');
  await browse.start.click();
  await expect(browse.rows).toHaveCount(6);
  await saveScreenshot(page, 'browse-jsonpath-error');

  await browse.jsonPath.fill('$.customerId = "c-42"');
  await expect(browse.jsonPathError()).toHaveCount(0);
  await browse.start.click();
  await expect(browse.scanState).toHaveText('Done');
  await expect(browse.matched).toHaveText('1');
  await expect(browse.rows).toHaveCount(1);
  await expect(browse.row(0, '0')).toContainText('pay-1');
});

test('a scan stops at its record bound and says so; "scan again" with a larger bound reaches the end', async ({
  page,
  kafka,
  startConsole,
}) => {
  const topic = `${uniqueName('browse-bound')}.events`;
  await kafka.produce(
    topic,
    1,
    Array.from({ length: 30 }, (_, i) => ({ key: `pay-${i}`, value: `{"n":${i}}`, partition: 0 })),
  );
  const app = await startConsole();
  await page.setViewportSize({ width: 1280, height: 720 });
  await new ConsolePage(page).open(app.url, '#/browse');
  const browse = new BrowsePage(page);
  await page.getByTestId('browse-max-scan').fill('12');
  await browse.scanFromOldest(topic);
  const stopped = page.getByTestId('scan-stopped-by-bound');
  await expect(stopped).toContainText('Stopped at the bound: 12 records scanned');
  await expect(browse.scanned).toHaveText('12');
  // The progress says how far the bound let it get: 12 of the 30 offsets, not the whole fetched batch.
  await expect(browse.progress).toContainText('scanned 12 records in 12 of 30 offsets');
  await expect(page.getByTestId('scan-positions')).toHaveText('p0 12/30');
  await expect(page.getByTestId('scan-bounds')).toContainText('bound: 12 records or 2.0 GiB');
  await expect(browse.rows).toHaveCount(12);
  await saveScreenshot(page, 'browse-stopped-by-bound');

  await page.getByTestId('scan-further').click();
  await expect(browse.scanState).toHaveText('Done');
  await expect(browse.scanned).toHaveText('30');
  await expect(page.getByTestId('browse-max-scan')).toHaveValue('120');
  await expect(stopped).toHaveCount(0);
  // The results list is virtual: at 720 px it renders the rows in view, so the count is the matched figure.
  await expect(browse.matched).toHaveText('30');
});
