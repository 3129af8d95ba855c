// A person creates a SCRAM-over-TLS profile with a CA file in the console, tests it and connects: the window
// then names the SASL principal, and the password never comes back to the page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionProfileSchema } from '../shared/access';
import { startSecureTestBroker, type SecureTestBroker } from '../tools/test/secureBroker';
import { ConsolePage } from './pages/ConsolePage';
import { ProfileEditorPage } from './pages/ProfileEditorPage';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

let secure: SecureTestBroker;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  secure = await startSecureTestBroker();
});
test.afterAll(async () => {
  await secure?.stop();
});

test('creates a SCRAM-SHA-512 over TLS profile with a CA file, tests it and connects as User:alice', async ({
  page,
  startConsole,
}) => {
  const app = await startConsole({ bootstrap: null });
  const shell = new ConsolePage(page);
  await shell.open(app.url);
  const editor = new ProfileEditorPage(page);
  const { username, password } = secure.users.operator;

  await editor.field('Profile name').fill('staging-scram');
  await editor.field('Broker addresses (host:port, comma-separated)').fill(secure.saslSsl);
  await editor.field('Security protocol').selectOption('SASL_SSL');
  await editor.field('SASL mechanism').selectOption('SCRAM-SHA-512');
  await editor.field('User name').fill(username);
  await editor.field('Password').fill(password);
  await editor.field('CA file (PEM)').fill(secure.certs.caFile);
  await editor.field('Environment').selectOption('staging');

  await editor.testButton.click();
  for (const step of ['dns', 'tcp', 'tls', 'sasl', 'metadata'])
    await expect(editor.step(step)).toHaveAttribute('data-outcome', 'ok');
  await expect(editor.step('sasl')).toContainText('signed in as User:alice with SCRAM-SHA-512');
  await saveScreenshot(page, 'secure-profile-tested');

  await editor.connectButton.click();
  await expect(shell.connectionState).toContainText('Connected to');
  await expect(editor.environmentBand).toContainText('staging · staging-scram · User:alice');
  await page.getByTestId('change-cluster').click();
  await expect(page.getByTestId('saved-profile-staging-scram')).toContainText('password kept for this run');
  expect(await page.content()).not.toContain(password);
  await saveScreenshot(page, 'secure-profile-connected');
});

test('a console started again on its data folder lists the profile and asks for the typed password, saying why', async ({
  page,
  startConsole,
}) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'eventdesk-e2e-profiles-'));
  const { username, password } = secure.users.operator;
  const first = await startConsole({ bootstrap: null, dataDir });
  await first.backend.handlers['access.saveProfile']({
    profile: connectionProfileSchema.parse({
      name: 'staging-kept',
      bootstrap: secure.saslSsl,
      protocol: 'SASL_SSL',
      mechanism: 'SCRAM-SHA-512',
      username,
      password: { from: 'value', value: password },
      caFile: secure.certs.caFile,
      environment: 'staging',
    }),
  });
  expect(readFileSync(join(dataDir, 'connection-profiles.json'), 'utf8')).not.toContain(password);

  // The browser console has no keychain: the profile comes back, its typed password does not.
  const again = await startConsole({ bootstrap: null, dataDir });
  const shell = new ConsolePage(page);
  await shell.open(again.url);
  const saved = page.getByTestId('saved-profile-staging-kept');
  await expect(saved).toContainText('staging-kept SASL_SSL SCRAM-SHA-512');
  const ask = page.getByTestId('secret-again-staging-kept');
  await expect(ask).toContainText('Enter the password again');
  await expect(ask).toContainText('typed in an earlier run and not stored: the browser console keeps');
  await expect(ask.getByRole('button', { name: 'Connect' })).toBeDisabled();
  await saveScreenshot(page, 'saved-profile-password-again');

  await ask.getByLabel('Enter the password again').fill(password);
  await ask.getByRole('button', { name: 'Connect' }).click();
  const editor = new ProfileEditorPage(page);
  await expect(editor.environmentBand).toContainText('staging · staging-kept · User:alice');
  expect(await page.content()).not.toContain(password);
  rmSync(dataDir, { recursive: true, force: true });
});
