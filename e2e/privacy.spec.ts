// Personal data in the console: a record's email, phone and card are masked in the inspector (marked as such),
// Reveal asks for a reason, shows the plain record with a countdown, Copy as JSON stays masked, and the audit
// log lists the reveal.
import { ConsolePage } from './pages/ConsolePage';
import { AuditPage, BrowsePage, RevealPage } from './pages/SupportPages';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { writeStandaloneMap } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

test('masked in the inspector, revealed for a reason with a countdown, and the reveal audited', async ({
  page,
  kafka,
  startConsole,
}) => {
  const prefix = uniqueName('privacy');
  const topic = `${prefix}.events`;
  const mapFile = writeStandaloneMap(prefix);
  try {
    await kafka.produce(topic, 1, [
      {
        key: 'pay-1',
        value: JSON.stringify({
          paymentId: 'pay-1',
          email: 'jane.roe@example.com',
          phone: '+15557654321',
          note: 'card 4111 1111 1111 1111',
        }),
      },
    ]);
    const app = await startConsole({ pipelineMapPath: mapFile.mapPath });
    await new ConsolePage(page).open(app.url, '#/browse');
    const browse = new BrowsePage(page);
    await browse.scanFromOldest(topic);
    await browse.row(0, '0').click();

    const value = browse.inspectorValue().getByTestId('inspector-value-text');
    await expect(value).toContainText('"email": "j•••@example.com"');
    await expect(value).toContainText('"phone": "•••21"');
    await expect(value).toContainText('card •••• 1111');
    await expect(page.getByTestId('inspector-value-masked')).toHaveText('masked');
    await expect(page.locator('body')).not.toContainText('jane.roe@example.com');

    const reveal = new RevealPage(page);
    await expect(reveal.bar).toContainText('3 personal values masked');
    await saveScreenshot(page, 'privacy-masked');
    await reveal.reveal.click();
    await reveal.reason.fill('no');
    await reveal.submit.click();
    await expect(reveal.problem).toContainText('Say why you need to see this personal data');
    await expect(value).not.toContainText('jane.roe@example.com');

    await reveal.reason.fill('ticket 4711: customer disputes the receipt address');
    await reveal.submit.click();
    await expect(value).toContainText('"email": "jane.roe@example.com"');
    await expect(value).toContainText('4111 1111 1111 1111');
    await expect(reveal.countdown).toHaveText(/^(5:00|4:[0-5]\d)$/);
    await saveScreenshot(page, 'privacy-revealed');

    // Copying while revealed still copies the masked record.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await browse.inspector.getByTestId('copy-json').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('j•••@example.com');
    expect(copied).not.toContain('jane.roe@example.com');

    await reveal.hide.click();
    await expect(value).toContainText('"email": "j•••@example.com"');

    const audit = new AuditPage(page);
    await audit.open();
    await expect(reveal.logRows).toHaveCount(1);
    await expect(reveal.logRows.first()).toContainText(`${topic} p0 @0`);
    await expect(reveal.logRows.first()).toContainText('ticket 4711: customer disputes the receipt address');
    await saveScreenshot(page, 'privacy-audit');
  } finally {
    mapFile.cleanup();
  }
});
