// The profile editor names the field of every problem as the person types, tests the connection step by step,
// and connects; the window then shows the profile's environment colour.
import { ConsolePage } from './pages/ConsolePage';
import { ProfileEditorPage } from './pages/ProfileEditorPage';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

test('validates a profile as you type, tests it step by step, connects and shows the environment', async ({
  page,
  startConsole,
  kafkaBootstrap,
}) => {
  const app = await startConsole({ bootstrap: null });
  const shell = new ConsolePage(page);
  await shell.open(app.url);
  const editor = new ProfileEditorPage(page);
  await expect(editor.editor).toBeVisible();

  await editor.field('Profile name').fill('prod-east');
  await editor.field('Broker addresses (host:port, comma-separated)').fill('kafka-1');
  await expect(editor.problem('bootstrap')).toContainText(
    'bootstrap: Invalid bootstrap server: "kafka-1" has no port',
  );
  await editor.field('Broker addresses (host:port, comma-separated)').fill(kafkaBootstrap);
  await expect(editor.problem('bootstrap')).toHaveCount(0);

  await editor.field('Security protocol').selectOption('SASL_SSL');
  await editor.connectButton.click();
  await expect(editor.problem('mechanism')).toHaveText('mechanism: SASL_SSL needs a SASL mechanism');
  await expect(editor.problem('username')).toHaveText('username: SASL_SSL needs a user name');
  await expect(editor.problem('password')).toHaveText('password: SASL_SSL needs a password');
  await saveScreenshot(page, 'profile-editor-problems');
  // Nothing was sent: still no cluster.
  await expect(shell.connectionState).toHaveText('Not connected to a cluster');

  await editor.field('Security protocol').selectOption('PLAINTEXT');
  await expect(editor.problem('mechanism')).toHaveCount(0);
  await editor.field('Environment').selectOption('production');

  await editor.testButton.click();
  await expect(editor.step('metadata')).toHaveAttribute('data-outcome', 'ok');
  await expect(editor.step('dns')).toHaveAttribute('data-outcome', 'ok');
  await expect(editor.step('tcp')).toHaveAttribute('data-outcome', 'ok');
  await expect(editor.step('tls')).toHaveAttribute('data-outcome', 'skipped');
  await expect(editor.step('sasl')).toContainText('not used by PLAINTEXT');
  await expect(editor.step('metadata')).toContainText('1 broker(s)');
  await saveScreenshot(page, 'profile-editor-tested');

  await editor.connectButton.click();
  await expect(shell.connectionState).toContainText(`Connected to ${kafkaBootstrap.split(',')[0]}`);
  await expect(editor.environmentBand).toHaveAttribute('data-environment', 'production');
  await expect(editor.environmentBand).toContainText('production · prod-east');
  await saveScreenshot(page, 'profile-connected-production');

  // The saved profile is there to switch back to; it says nothing about a secret it does not have.
  await page.getByTestId('change-cluster').click();
  await expect(page.getByTestId('saved-profile-prod-east')).toContainText('prod-east PLAINTEXT');
});
