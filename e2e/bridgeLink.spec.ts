// The browser page's link to the console backend: the token leaves the address bar, a wrong one is explained.
import { ConsolePage } from './pages/ConsolePage';
import { expect, test } from './support/fixtures';

test('takes the access token out of the address bar and keeps working after a reload', async ({
  page,
  startConsole,
}) => {
  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/topics');
  await expect(shell.connectionState).toContainText('Connected to');
  expect(page.url()).not.toContain('token=');
  expect(page.url()).toContain('#/topics');

  await page.reload();
  await expect(shell.connectionState).toContainText('Connected to');
  await expect(shell.backendBanner).toHaveCount(0);
});

test('says plainly when the access token is refused, instead of spinning', async ({ page, startConsole }) => {
  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url.replace(/token=[^&]+/, 'token=not-the-token'));
  await expect(shell.backendBanner).toContainText('refused the access token');
  await expect(page.getByTestId('error-panel')).toHaveAttribute('data-code', 'forbidden');
  await expect(page.getByTestId('loading')).toHaveCount(0);
});

test('a link to a payment opens in a new tab without the token; a browser that never had the token is told so', async ({
  page,
  browser,
  startConsole,
}) => {
  const app = await startConsole();
  const shell = new ConsolePage(page);
  await shell.open(app.url, '#/payments/pay-from-a-ticket');
  await expect(shell.connectionState).toContainText('Connected to');

  // What a ticket carries: the payment's "Copy link" address, no token in it.
  const link = await page.getByTestId('copy-link').getAttribute('title');
  expect(link).toBe(`${new URL(app.url).origin}/#/payments/pay-from-a-ticket`);
  if (link === null) throw new Error('no link to copy');
  const tab = await page.context().newPage();
  await tab.goto(link);
  await expect(new ConsolePage(tab).connectionState).toContainText('Connected to');
  await expect(tab.getByTestId('timeline-payment-id')).toHaveText('pay-from-a-ticket');

  // Another browser profile has no session: the same link explains what is missing.
  const stranger = await browser.newContext();
  try {
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(link);
    await expect(new ConsolePage(strangerPage).backendBanner).toContainText(
      'opened without its access token',
    );
  } finally {
    await stranger.close();
  }
});
