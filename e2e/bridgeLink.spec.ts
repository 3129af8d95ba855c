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
