// A person makes an OAUTHBEARER profile in the editor against the secured broker and a local client-credentials
// token endpoint: a wrong client secret fails the token step in words, the secret read from an environment
// variable passes every step, and after connecting the window names the token's principal. The client secret
// and the tokens never reach the page.
import { randomBytes } from 'node:crypto';
import { startSecureTestBroker, type SecureTestBroker } from '../tools/test/secureBroker';
import { startTokenEndpoint, type RunningTokenEndpoint } from '../tools/test/tokenEndpoint';
import { ConsolePage } from './pages/ConsolePage';
import { ProfileEditorPage } from './pages/ProfileEditorPage';
import { expect, test } from './support/fixtures';
import { saveScreenshot } from './support/screenshots';

let secure: SecureTestBroker;
let endpoint: RunningTokenEndpoint;
const clientSecret = `e2e-client-secret-${randomBytes(10).toString('hex')}`;
const envName = `EVENTDESK_E2E_CLIENT_SECRET_${randomBytes(3).toString('hex').toUpperCase()}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  secure = await startSecureTestBroker();
  endpoint = await startTokenEndpoint({ clients: [{ clientId: secure.oauth.operatorClient, clientSecret }] });
  process.env[envName] = clientSecret;
});
test.afterAll(async () => {
  delete process.env[envName];
  await endpoint?.stop();
  await secure?.stop();
});

test('creates an OAUTHBEARER profile, tests it step by step and connects as the token’s principal', async ({
  page,
  startConsole,
}) => {
  const app = await startConsole({ bootstrap: null });
  const shell = new ConsolePage(page);
  await shell.open(app.url);
  const editor = new ProfileEditorPage(page);
  const principal = `User:${secure.oauth.operatorClient}`;

  await editor.field('Profile name').fill('cloud-oauth');
  await editor.field('Broker addresses (host:port, comma-separated)').fill(secure.saslSsl);
  await editor.field('Security protocol').selectOption('SASL_SSL');
  await editor.field('SASL mechanism').selectOption('OAUTHBEARER');
  await expect(editor.field('User name')).toHaveCount(0);
  await editor.field('Token endpoint URL').fill('idp.example/token');
  await expect(editor.problem('tokenEndpoint')).toContainText('An http:// or https:// URL');
  await editor.field('Token endpoint URL').fill(endpoint.url);
  await expect(editor.problem('tokenEndpoint')).toHaveCount(0);
  await editor.field('Client id').fill(secure.oauth.operatorClient);
  await editor.field('Client secret').fill('not-the-secret');
  await editor.field('Scope (optional)').fill('kafka');
  await editor.field('CA file (PEM)').fill(secure.certs.caFile);

  await editor.testButton.click();
  await expect(editor.step('token')).toHaveAttribute('data-outcome', 'failed');
  await expect(editor.step('token')).toContainText('token endpoint refused the client credentials (401)');
  await expect(editor.step('sasl')).toHaveAttribute('data-outcome', 'skipped');

  // The secret from an environment variable instead: the field is then the variable's name, checked as typed.
  await editor.field('Client secret from').selectOption('env');
  await editor.field('Client secret variable').fill('not a name');
  await expect(editor.problem('clientSecret')).toContainText('An environment variable name');
  await editor.field('Client secret variable').fill(envName);
  await expect(editor.problem('clientSecret')).toHaveCount(0);

  await editor.testButton.click();
  for (const step of ['dns', 'tcp', 'tls', 'token', 'sasl', 'metadata'])
    await expect(editor.step(step)).toHaveAttribute('data-outcome', 'ok');
  await expect(editor.step('token')).toContainText(`issued a token for ${secure.oauth.operatorClient}`);
  await expect(editor.step('sasl')).toContainText(`signed in as ${principal} with OAUTHBEARER`);
  await saveScreenshot(page, 'oauth-profile-tested-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await saveScreenshot(page, 'oauth-profile-tested-1920');
  await page.setViewportSize({ width: 1280, height: 720 });

  await editor.connectButton.click();
  await expect(shell.connectionState).toContainText('Connected to');
  await expect(editor.environmentBand).toContainText(`development · cloud-oauth · ${principal}`);
  await saveScreenshot(page, 'oauth-profile-connected-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await saveScreenshot(page, 'oauth-profile-connected-1920');

  await page.getByTestId('change-cluster').click();
  await expect(page.getByTestId('saved-profile-cloud-oauth')).toContainText(`client secret from $${envName}`);
  const html = await page.content();
  expect(html).not.toContain(clientSecret);
  for (const token of endpoint.issued) expect(html).not.toContain(token);
  expect(endpoint.issued.length).toBeGreaterThanOrEqual(2);
});
