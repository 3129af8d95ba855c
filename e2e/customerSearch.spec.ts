// Support gets "I didn't get my receipt" from an email address: find the payment by the customer's email,
// open its timeline, and read the amount there.
import { ConsolePage } from './pages/ConsolePage';
import { expect, test } from './support/fixtures';
import { uniqueName } from './support/kafkaSetup';
import { postPayment } from './support/paymentPipeline';
import { saveScreenshot } from './support/screenshots';

test('a payment found by the customer’s email shows its timeline with the amount', async ({
  page,
  paymentPipeline,
  startConsole,
}) => {
  const customer = uniqueName('cust');
  const paymentId = await postPayment(paymentPipeline.apiUrl, customer);
  // Someone else's payment in the same window must not match.
  await postPayment(paymentPipeline.apiUrl, uniqueName('other'));
  const app = await startConsole({ pipelineMapPath: paymentPipeline.mapPath });
  await page.setViewportSize({ width: 1280, height: 720 });
  await new ConsolePage(page).open(app.url, '#/payments');

  const search = page.getByTestId('customer-search');
  await search.getByTestId('customer-search-field').selectOption('email');
  await search.getByTestId('customer-search-value').fill(`${customer}@example.test`);
  // The outbox relay publishes within a moment; search until the event is in the topic.
  await expect(async () => {
    await search.getByTestId('customer-search-go').click();
    await expect(search.getByTestId('customer-search-progress')).not.toContainText('Searching', {
      timeout: 10_000,
    });
    await expect(search.getByTestId('customer-search-row')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(search.getByTestId('customer-search-progress')).toContainText('1 match(es)');
  await expect(search.getByTestId('customer-search-row')).toContainText('12.50 EUR');
  await saveScreenshot(page, 'customer-search');

  await search.getByTestId('customer-search-row').getByRole('link', { name: paymentId }).click();
  await expect(page.getByTestId('timeline-payment-id')).toHaveText(paymentId);
  await expect(page.getByTestId('timeline-amount')).toHaveText('12.50 EUR');
  await saveScreenshot(page, 'customer-search-timeline');
});
